using Renkei.Architecture.Tests.Reading;

namespace Renkei.Architecture.Tests.Rules;

/// <summary>
/// The arrows between the folders of a zone point one way: namespaces that must not use one another, read from the
/// built assemblies (declarations, signatures, attributes and method bodies).
/// </summary>
public sealed class NamespaceRulesTests
{
    private const string Engine = "Renkei.Metering.Engine";
    private const string Ingest = "Renkei.Metering.Ingest";
    private const string Applications = "Renkei.Switching.Applications";
    private const string Tso = "Renkei.Switching.Tso";
    private const string Gateway = "Renkei.Gateway";

    [Fact]
    public void MeteringEngine_DoesNotUseIngest()
    {
        var uses = Between(Engine, Ingest);

        Assert.True(uses.Count == 0, $"{Engine} must not use {Ingest} (the engine does not hold the read log); {Describe(uses)}");
    }

    [Fact]
    public void SwitchingApplicationsAndTso_DoNotUseEachOther_InBothDirections()
    {
        var toTso = Between(Applications, Tso);
        var toApplications = Between(Tso, Applications);

        Assert.True(
            toTso.Count == 0 || toApplications.Count == 0,
            $"{Applications} and {Tso} use each other (a loop: one direction must go).\n{Applications} -> {Tso}: {Describe(toTso)}\n{Tso} -> {Applications}: {Describe(toApplications)}");
    }

    [Fact]
    public void GatewayFolders_FormNoCycle()
    {
        // Folder = the namespace one level below Renkei.Gateway (Access, Auth, Proxy, Webhooks, ...).
        var edges = OurAssemblies.Get(Gateway).Uses
            .Select(u => (Use: u, From: Folder(u.From), To: Folder(u.To)))
            .Where(e => e.From is not null && e.To is not null && e.From != e.To)
            .GroupBy(e => (e.From!, e.To!))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Use).ToList());

        var cycles = StronglyConnected(edges.Keys).Where(c => c.Count > 1).ToList();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c =>
            $"{Gateway} folders in a cycle: {string.Join(", ", c.Order(StringComparer.Ordinal))}\n" + string.Join("\n", edges
                .Where(e => c.Contains(e.Key.Item1) && c.Contains(e.Key.Item2))
                .OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
                .Select(e => $"  {e.Key.Item1} -> {e.Key.Item2}: {Describe(e.Value)}")))));
    }

    private static List<TypeUse> Between(string from, string to) =>
        [.. OurAssemblies.Uses.Where(u => u.From.IsIn(from) && u.To.IsIn(to)).Order(Comparer<TypeUse>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())))];

    private static string? Folder(TypeName type) =>
        type.Namespace.StartsWith(Gateway + ".", StringComparison.Ordinal) ? type.Namespace[(Gateway.Length + 1)..].Split('.')[0] : null;

    /// <summary>The offending uses, from → to, the first ten of them.</summary>
    private static string Describe(IReadOnlyCollection<TypeUse> uses) =>
        uses.Count == 0 ? "none" : $"{uses.Count} uses: " + string.Join("; ", uses.Order(Comparer<TypeUse>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))).Take(10)) + (uses.Count > 10 ? "; ..." : string.Empty);

    /// <summary>Tarjan's strongly connected components of the graph the edges make.</summary>
    private static List<HashSet<string>> StronglyConnected(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal);
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return components;
    }
}
