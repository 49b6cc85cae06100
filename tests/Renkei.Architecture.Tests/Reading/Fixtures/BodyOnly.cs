using Renkei.Architecture.Tests.Reading.Fixtures.Target;

namespace Renkei.Architecture.Tests.Reading.Fixtures.User;

/// <summary>Uses the target namespace only inside method bodies: a local, a static call, a lambda, an async method.</summary>
public static class BodyOnly
{
    public static string Construct() => new Constructed().ToString();

    public static int Call() => Called.Twice(2);

    public static Func<int> Lambda() => () => new InLambda().Value;

    public static async Task<int> AwaitAsync() => await InAsync.OneAsync() + 1;
}
