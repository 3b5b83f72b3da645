namespace LeakFinder.Analysis.Engine;

/// <summary>
/// One check: a stable descriptor (id, name, category, severity, title; docs at docs/rules/&lt;Id&gt;.md) and
/// a Run over one package. Rules are stateless and run in parallel over packages, so Run keeps its state
/// in locals. Precision first: when a type or callee is unknown, a rule stays silent.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    /// <summary>The shared analyses whose results Run reads with <see cref="Pass.ResultOf{T}"/>; the engine runs
    /// them (their requirements first) once per package before the rule. CFGs, acquire sites and file versions
    /// need no declaring (Pass.Cfg, Pass.AcquireSites, Pass.GoVersionAt).</summary>
    public virtual IReadOnlyList<PackageAnalysis> Requires => [];

    public abstract void Run(Pass pass);

    public override string ToString() => $"{Descriptor.Id} {Descriptor.Name}";
}
