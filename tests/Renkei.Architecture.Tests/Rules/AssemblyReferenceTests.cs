using Renkei.Architecture.Tests.Reading;

namespace Renkei.Architecture.Tests.Rules;

/// <summary>
/// Each zone is a room of its own (DESIGN.md): Metering, Switching and Gateway never reference one another, the
/// screens reference no zone, the formats stand on the domain alone, and the domain on nothing of ours.
/// </summary>
public sealed class AssemblyReferenceTests
{
    private static readonly string[] Zones = ["Renkei.Metering", "Renkei.Switching", "Renkei.Gateway"];

    public static TheoryData<string> ZoneNames => [.. Zones];

    [Theory]
    [MemberData(nameof(ZoneNames))]
    public void Zone_ReferencesNoOtherZone(string zone)
    {
        var others = Ours(zone).Where(r => Zones.Contains(r, StringComparer.Ordinal)).ToList();

        Assert.True(others.Count == 0, $"{zone} references {string.Join(", ", others)}; the zones meet over HTTP only{Uses(zone, others)}");
    }

    [Fact]
    public void Web_ReferencesNoZone()
    {
        var zones = Ours("Renkei.Web").Where(r => Zones.Contains(r, StringComparer.Ordinal)).ToList();

        Assert.True(zones.Count == 0, $"Renkei.Web references {string.Join(", ", zones)}; the screens use the gateway's public API{Uses("Renkei.Web", zones)}");
    }

    [Fact]
    public void Formats_ReferencesOnlyTheDomainAndTheFramework()
    {
        var other = OurAssemblies.Get("Renkei.Formats").References.Where(r => r != "Renkei.Domain" && !IsFramework(r)).ToList();

        Assert.True(other.Count == 0, $"Renkei.Formats references {string.Join(", ", other)}{Uses("Renkei.Formats", other)}");
    }

    [Fact]
    public void Domain_ReferencesNothingOfOurs()
    {
        var ours = Ours("Renkei.Domain");

        Assert.True(ours.Count == 0, $"Renkei.Domain references {string.Join(", ", ours)}{Uses("Renkei.Domain", ours)}");
    }

    private static List<string> Ours(string assembly) =>
        [.. OurAssemblies.Get(assembly).References.Where(r => OurAssemblies.Names.Contains(r, StringComparer.Ordinal))];

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    /// <summary>Which types make the reference (from → to), the first ten.</summary>
    private static string Uses(string assembly, IReadOnlyCollection<string> referenced)
    {
        if (referenced.Count == 0)
        {
            return string.Empty;
        }

        var namespaces = referenced.ToList();
        var uses = OurAssemblies.Get(assembly).Uses
            .Where(u => namespaces.Any(n => u.To.IsIn(n)))
            .Select(u => u.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        return $": {string.Join("; ", uses.Take(10))}{(uses.Count > 10 ? "; ..." : string.Empty)}";
    }
}
