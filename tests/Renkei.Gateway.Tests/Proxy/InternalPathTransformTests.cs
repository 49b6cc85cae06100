using Microsoft.AspNetCore.Routing;
using Renkei.Gateway.Proxy;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>The hand-written internal path binding that replaces YARP's PathPattern on the supply point route.</summary>
public sealed class InternalPathTransformTests
{
    private const string Pattern = "/internal/v1/supply-points/{id}/intervals";

    [Fact]
    public void SupplyPointRoute_BindsTheIdIntoTheInternalPath()
    {
        var transform = new InternalPathTransform(Pattern);

        var path = transform.Bind(new RouteValueDictionary { ["id"] = "0310000000000000000000", ["other"] = "x" });

        Assert.Equal("/internal/v1/supply-points/0310000000000000000000/intervals", path);
    }

    [Fact]
    public void ValueWithReservedCharacters_IsEscapedAsOneSegment()
    {
        var transform = new InternalPathTransform(Pattern);

        var path = transform.Bind(new RouteValueDictionary { ["id"] = "a/b?c d%" });

        Assert.Equal("/internal/v1/supply-points/a%2Fb%3Fc%20d%25/intervals", path);
    }

    [Fact]
    public void SeveralValues_EachBoundInPlace()
    {
        var transform = new InternalPathTransform("/internal/v1/{area}/points/{id}");

        Assert.Equal("/internal/v1/03/points/7", transform.Bind(new RouteValueDictionary { ["area"] = "03", ["id"] = 7 }));
        Assert.Equal("/internal/v1//points/7", transform.Bind(new RouteValueDictionary { ["id"] = "7" }));
    }

    [Theory]
    [InlineData("/internal/v1/{**rest}")]
    [InlineData("/internal/v1/{id:int}")]
    [InlineData("/internal/v1/{id?}")]
    [InlineData("/internal/v1/{}")]
    public void PatternBeyondSimpleValues_IsRefused(string pattern)
    {
        Assert.Throws<ArgumentException>(() => new InternalPathTransform(pattern));
    }
}
