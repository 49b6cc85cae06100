using Renkei.Architecture.Tests.Reading.Fixtures.User;

namespace Renkei.Architecture.Tests.Reading;

/// <summary>The reader catches a use that only a method body makes (the rules are only as good as it is).</summary>
public sealed class AssemblyReaderTests
{
    private const string Target = "Renkei.Architecture.Tests.Reading.Fixtures.Target";

    [Theory]
    [InlineData("Constructed")]
    [InlineData("Called")]
    [InlineData("InLambda")]
    [InlineData("InAsync")]
    public void UseInsideAMethodBody_IsFound_ForTheDeclaringType(string target)
    {
        var uses = AssemblyReader.Read(typeof(BodyOnly).Assembly.Location).Uses;

        Assert.Contains(uses, u => u.From.IsIn(typeof(BodyOnly).Namespace!) && u.From.Name.StartsWith(nameof(BodyOnly), StringComparison.Ordinal) && u.To == new TypeName(Target, target));
    }

    [Fact]
    public void Reader_FindsTheAssemblyReferences()
    {
        var metering = OurAssemblies.Get("Renkei.Metering");

        Assert.Contains("Renkei.Domain", metering.References);
    }
}
