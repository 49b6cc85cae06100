namespace Renkei.Hosting;

/// <summary>
/// The host arguments every Renkei node's <c>WebApplication</c> starts with. The nodes are configured in code; the
/// default builder still reads <c>appsettings.json</c> (absent here) and, by default, watches it for changes with a
/// <see cref="FileSystemWatcher"/> per host, whose reading thread keeps an 8 KB buffer pinned for the life of the
/// process. With several hosts in one process (the demo composition, the benchmarks) such a buffer can sit pinned in
/// a young GC region, and the collector then escalates most of its collections to gen1 ("ephemeral generations
/// fragmented"): 125 of 222 collections in 20 s of <c>renkei bench gateway</c> (docs/performance.md). The files are
/// still read at start; they are not watched.
/// </summary>
public static class NodeHostArguments
{
    public const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    public static string[] Get() => [NoConfigurationReload];
}
