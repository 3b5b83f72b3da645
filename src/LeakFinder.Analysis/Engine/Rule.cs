namespace LeakFinder.Analysis.Engine;

/// <summary>
/// One check: a stable descriptor (id, name, category, severity, title; docs at docs/rules/&lt;Id&gt;.md) and
/// a Run over one package. Rules are stateless and run in parallel over packages, so Run keeps its state
/// in locals. Precision first: when a type or callee is unknown, a rule stays silent.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract void Run(Pass pass);

    public override string ToString() => $"{Descriptor.Id} {Descriptor.Name}";
}
