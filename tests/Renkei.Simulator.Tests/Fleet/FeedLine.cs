using System.Globalization;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.Tests.Fleet;

/// <summary>One line of the feed's output, parsed.</summary>
internal readonly record struct FeedLine(string MeterId, DateTimeOffset At, long Units, string Direction)
{
    public static FeedLine Parse(string line)
    {
        var f = line.Split(',');
        Assert.Equal(4, f.Length);
        return new FeedLine(
            f[0],
            DateTimeOffset.ParseExact(f[1], "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Kwh.Parse(f[2]).Units,
            f[3]);
    }

    /// <summary>Writes <paramref name="boundaries"/> batches and returns each batch's parsed lines.</summary>
    public static List<List<FeedLine>> Batches(FleetFeed feed, int boundaries)
    {
        var batches = new List<List<FeedLine>>();
        for (var b = 0; b < boundaries; b++)
        {
            var csv = new StringBuilder();
            var count = feed.WriteNext(csv);
            var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
            Assert.Equal(count, lines.Count);
            batches.Add(lines);
        }

        return batches;
    }
}
