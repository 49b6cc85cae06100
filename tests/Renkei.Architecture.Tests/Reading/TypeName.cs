namespace Renkei.Architecture.Tests.Reading;

/// <summary>A type as metadata names it: the namespace of its outermost declaring type, and its name with nesting (<c>Outer+Inner</c>).</summary>
public readonly record struct TypeName(string Namespace, string Name)
{
    /// <summary>Whether the type lies in <paramref name="ns"/> or a namespace below it.</summary>
    public bool IsIn(string ns) => Namespace == ns || Namespace.StartsWith(ns + ".", StringComparison.Ordinal);

    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "." + Name;
}

/// <summary>A type of an assembly of ours using another type, in its declaration, a member's signature, an attribute or a method body.</summary>
public readonly record struct TypeUse(TypeName From, TypeName To)
{
    public override string ToString() => $"{From} -> {To}";
}
