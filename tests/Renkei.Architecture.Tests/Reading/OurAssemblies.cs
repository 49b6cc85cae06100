namespace Renkei.Architecture.Tests.Reading;

/// <summary>The built assemblies of <c>src/</c>, read once from this test's output folder (the project references copy them here).</summary>
public static class OurAssemblies
{
    /// <summary>The simple names of the assemblies <c>src/</c> builds (<c>renkei</c> is Renkei.Cli).</summary>
    public static readonly string[] Names =
    [
        "Renkei.Domain", "Renkei.Formats", "Renkei.Hosting", "Renkei.Metering", "Renkei.Switching", "Renkei.Gateway",
        "Renkei.Web", "Renkei.Simulator", "Renkei.Client", "renkei",
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, AssemblyReader>> All = new(() =>
        Names.ToDictionary(n => n, n => AssemblyReader.Read(Path.Combine(AppContext.BaseDirectory, n + ".dll")), StringComparer.Ordinal));

    public static AssemblyReader Get(string name) => All.Value[name];

    /// <summary>Every use, by a type of any of our assemblies, of another type.</summary>
    public static IEnumerable<TypeUse> Uses => All.Value.Values.SelectMany(a => a.Uses);
}
