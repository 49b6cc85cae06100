namespace Renkei.Architecture.Tests.Reading.Fixtures.Target;

/// <summary>Constructed in a method body only.</summary>
public sealed class Constructed
{
    public override string ToString() => nameof(Constructed);
}

/// <summary>Called in a method body only.</summary>
public static class Called
{
    public static int Twice(int value) => value * 2;
}

/// <summary>Used in a lambda only.</summary>
public sealed class InLambda
{
    public int Value { get; init; } = 1;
}

/// <summary>Awaited in an async method only.</summary>
public sealed class InAsync
{
    public static Task<int> OneAsync() => Task.FromResult(1);
}
