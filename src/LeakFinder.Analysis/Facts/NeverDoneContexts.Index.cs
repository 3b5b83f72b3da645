using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>The package-wide reading <see cref="NeverDoneContexts"/> judges from: every value assigned to a variable or
/// stored in a field, every call of a package function, the returns of each, and the uses of channel fields.</summary>
public sealed partial class NeverDoneContexts
{
    /// <summary>What the package's code does with variables, fields and functions, read once when first asked.</summary>
    private sealed class Index
    {
        public readonly Dictionary<Func, FuncDecl> Decls = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<Var, (Node Function, int Index)> Params = new(ReferenceEqualityComparer.Instance);
        /// <summary>Every value assigned to a variable (its declaration's included); null for one not known (a
        /// range variable, a tuple, an op-assignment, a declaration without a value).</summary>
        public readonly Dictionary<Var, List<Expr?>> Assigns = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<Var, List<(Expr? Value, Expr? Target)>> FieldStores = new(ReferenceEqualityComparer.Instance);
        public readonly HashSet<GoObject> AddressTaken = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<Func, List<(CallExpr Call, FuncDecl? Caller)>> Calls = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<Func, int> References = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<FuncLit, CallExpr> LiteralCalls = new(ReferenceEqualityComparer.Instance);
        public readonly HashSet<string> InterfaceMethodNames = new(StringComparer.Ordinal);
        /// <summary>Channel fields read other than by a receive, a range or a store into a receive-only field: closed,
        /// sent on, or handed where that may happen.</summary>
        public readonly HashSet<Var> ChannelEscapes = new(ReferenceEqualityComparer.Instance);
        /// <summary>Fields named other than as the target of an assignment (a call, a read, a method value, a nil check).</summary>
        public readonly HashSet<Var> FieldsRead = new(ReferenceEqualityComparer.Instance);
        /// <summary>`ctx, c.cancel = context.WithCancel(parent)` (or WithCancelCause; a deadline's context ends by
        /// itself): the derived context's call and the target its cancel goes to (`_` included).</summary>
        public readonly Dictionary<CallExpr, Expr> CancelTargets = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<SelectorExpr> _storeTargets = new(ReferenceEqualityComparer.Instance);
        /// <summary>The struct types stored whole through a pointer (`*r = Request{...}`): any field of theirs may change.</summary>
        public readonly List<StructType> StoredWhole = [];
        /// <summary>Each function's returns (not its literals'), with the field an enclosing `if r.f != nil` tests.</summary>
        public readonly Dictionary<FuncDecl, List<(ReturnStmt Return, Var? Guard)>> Returns = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Var> _locals = new(ReferenceEqualityComparer.Instance);
        private readonly TypeInfo _info;

        public Index(TypeInfo info, IReadOnlyList<Syntax.Ast.File> files)
        {
            _info = info;
            foreach (var file in files)
                foreach (var decl in file.Decls)
                {
                    if (decl is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) Decls[f] = fd;
                    Walk(decl, decl as FuncDecl);
                }
        }

        /// <summary>A store target that is a local variable of a function, not a parameter: a value that function made.</summary>
        public bool IsFreshLocal(Expr? target) =>
            target != null && Expr.Unparen(target) is Ident id && _info.ObjectOf(id) is Var v && _locals.Contains(v) && !Params.ContainsKey(v)
            && v.Type.Underlying is not PointerType;

        private void Walk(Node root, FuncDecl? decl)
        {
            var functions = new Stack<Node>();
            var ifs = new List<IfStmt>();
            var stack = new Stack<Node>();
            Walker.Inspect(root, n =>
            {
                if (n == null)
                {
                    var popped = stack.Pop();
                    if (popped is FuncDecl or FuncLit) functions.Pop();
                    if (popped is IfStmt) ifs.RemoveAt(ifs.Count - 1);
                    return false;
                }
                stack.Push(n);
                switch (n)
                {
                    case FuncDecl d:
                        functions.Push(d);
                        Parameters(d, d.Recv, d.Type);
                        break;
                    case FuncLit lit:
                        functions.Push(lit);
                        Parameters(lit, null, lit.Type);
                        break;
                    case IfStmt i:
                        ifs.Add(i);
                        break;
                    case ReturnStmt ret when functions.TryPeek(out var fn) && fn is FuncDecl owner:
                        (Returns.TryGetValue(owner, out var rs) ? rs : Returns[owner] = []).Add((ret, Guard(ret, ifs)));
                        break;
                    case AssignStmt a:
                        Assignment(a);
                        break;
                    case ValueSpec vs:
                        for (var i = 0; i < vs.Names.Count; i++)
                            if (_info.Defs.GetValueOrDefault(vs.Names[i]) is Var v)
                            {
                                if (functions.Count > 0) _locals.Add(v);
                                Add(v, vs.Values.Count == vs.Names.Count ? vs.Values[i] : null);
                            }
                        break;
                    case RangeStmt r:
                        foreach (var x in new[] { r.Key, r.Value })
                            if (x != null) Store(x, null);
                        break;
                    case IncDecStmt inc:
                        Store(inc.X, null);
                        break;
                    case UnaryExpr { Op: Token.And, X: var taken }:
                        Taken(taken);
                        break;
                    case CompositeLit lit:
                        Literal(lit);
                        break;
                    case CallExpr call:
                        if (Expr.Unparen(call.Fun) is FuncLit called) LiteralCalls[called] = call;
                        if (Semantics.Checking.Calls.Callee(_info, call) is { } callee)
                            (Calls.TryGetValue(callee, out var list) ? list : Calls[callee] = []).Add((call, decl));
                        break;
                    case SelectorExpr sel when _info.Selections.TryGetValue(sel, out var s):
                        if (s.Obj is Func m && s.Recv.Underlying is InterfaceType) InterfaceMethodNames.Add(m.Name);
                        if (s is { Kind: SelectionKind.FieldVal, Obj: Var read } && !_storeTargets.Contains(sel)) FieldsRead.Add(read);
                        if (s is { Kind: SelectionKind.FieldVal, Obj: Var { Type.Underlying: Semantics.Types.ChanType } ch } && !ChannelReadOnly(sel, stack.Skip(1).FirstOrDefault()))
                            ChannelEscapes.Add(ch);
                        break;
                    case Ident id when _info.Uses.GetValueOrDefault(id) is Func used:
                        References[used] = References.GetValueOrDefault(used) + 1;
                        break;
                }
                return true;
            });
        }

        /// <summary>A channel field's use that cannot make it ready: a receive, a range, being stored to (the store is
        /// recorded apart), or a store of it into a receive-only field (`stopCtx{stopCh: c.stopCh}`).</summary>
        private bool ChannelReadOnly(SelectorExpr sel, Node? parent) => parent switch
        {
            UnaryExpr { Op: Token.Arrow } u => ReferenceEquals(Expr.Unparen(u.X), sel),
            ParenExpr => false,
            RangeStmt r => ReferenceEquals(r.X, sel),
            AssignStmt a => a.Lhs.Any(l => ReferenceEquals(l, sel)) && !a.Rhs.Any(r => ReferenceEquals(r, sel)),
            KeyValueExpr { Key: Ident k } kv => ReferenceEquals(kv.Value, sel) && _info.ObjectOf(k) is Var { Type.Underlying: Semantics.Types.ChanType { Dir: Semantics.Types.ChanDir.RecvOnly } },
            SelectorExpr => true, // a field of the field's own path (`c.stopCh` in `c.stopCh.x` cannot be)
            _ => false,
        };

        private void Parameters(Node function, FieldList? recv, FuncType type)
        {
            if (recv is { List: [{ Names: [var r] }] } && _info.Defs.GetValueOrDefault(r) is Var rv) Params[rv] = (function, -1);
            var at = 0;
            foreach (var field in type.Params.List)
            {
                if (field.Names.Count == 0) { at++; continue; }
                foreach (var name in field.Names)
                {
                    if (_info.Defs.GetValueOrDefault(name) is Var v) Params[v] = (function, at);
                    at++;
                }
            }
            if (type.Results != null)
                foreach (var field in type.Results.List)
                    foreach (var name in field.Names)
                        if (_info.Defs.GetValueOrDefault(name) is Var v) Add(v, null); // a named result: bare returns fill it
        }

        /// <summary>The field `if r.f != nil { return ... }` tests, for a return directly in that if's body.</summary>
        private Var? Guard(ReturnStmt ret, List<IfStmt> ifs)
        {
            if (ifs.Count == 0) return null;
            var i = ifs[^1];
            if (!i.Body.List.Any(s => ReferenceEquals(s, ret)) || Expr.Unparen(i.Cond) is not BinaryExpr { Op: Token.Neq } cond || Expr.Unparen(cond.Y) is not Ident { Name: "nil" }
                || Expr.Unparen(cond.X) is not SelectorExpr sel || !_info.Selections.TryGetValue(sel, out var s)) return null;
            return s.Obj as Var;
        }

        private void Assignment(AssignStmt a)
        {
            var paired = a.Lhs.Count == a.Rhs.Count && a.Tok is Token.Assign or Token.Define;
            // The context a WithCancel-family call derives, stored with its cancel: the context's value is the call.
            var derived = a is { Lhs.Count: 2, Rhs: [CallExpr call] } && a.Tok is Token.Assign or Token.Define
                          && Semantics.Checking.Calls.Callee(_info, call)?.FullName is "context.WithCancel" or "context.WithCancelCause"
                ? call : null;
            if (derived != null) CancelTargets[derived] = a.Lhs[1];
            for (var i = 0; i < a.Lhs.Count; i++)
            {
                if (a.Tok == Token.Define && Expr.Unparen(a.Lhs[i]) is Ident def && _info.Defs.GetValueOrDefault(def) is Var local) _locals.Add(local);
                if (Expr.Unparen(a.Lhs[i]) is SelectorExpr target) _storeTargets.Add(target);
                Store(a.Lhs[i], paired ? a.Rhs[i] : derived != null && i == 0 ? derived : null);
            }
        }

        private void Store(Expr target, Expr? value)
        {
            target = Expr.Unparen(target);
            if (target is Ident id && _info.ObjectOf(id) is Var v && !v.IsField) Add(v, value);
            else if (target is SelectorExpr sel && _info.Selections.TryGetValue(sel, out var s) && s is { Kind: SelectionKind.FieldVal, Obj: Var field })
                (FieldStores.TryGetValue(field, out var list) ? list : FieldStores[field] = []).Add((value, sel.X));
            else if (target is StarExpr && _info.TypeOf(target)?.Underlying is StructType whole) StoredWhole.Add(whole);
        }

        private void Add(Var v, Expr? value) => (Assigns.TryGetValue(v, out var list) ? list : Assigns[v] = []).Add(value);

        private void Taken(Expr x)
        {
            x = Expr.Unparen(x);
            if (x is Ident id && _info.ObjectOf(id) is Var v) AddressTaken.Add(v);
            else if (x is SelectorExpr sel && _info.Selections.TryGetValue(sel, out var s) && s.Obj is Var field) AddressTaken.Add(field);
        }

        /// <summary>A struct literal stores each of its fields: keyed, or by position.</summary>
        private void Literal(CompositeLit lit)
        {
            var type = _info.TypeOf(lit)?.Underlying;
            if (type is PointerType p) type = p.Elem.Underlying;
            if (type is not StructType st) return;
            for (var i = 0; i < lit.Elts.Count; i++)
            {
                var elt = lit.Elts[i];
                if (elt is KeyValueExpr { Key: Ident k } kv && _info.ObjectOf(k) is Var keyed)
                    (FieldStores.TryGetValue(keyed, out var l) ? l : FieldStores[keyed] = []).Add((kv.Value, null));
                else if (elt is not KeyValueExpr && i < st.Fields.Count)
                    (FieldStores.TryGetValue(st.Fields[i], out var l2) ? l2 : FieldStores[st.Fields[i]] = []).Add((elt, null));
            }
        }
    }
}
