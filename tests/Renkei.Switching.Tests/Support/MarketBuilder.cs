using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Support;

/// <summary>Builds the market a test needs: retailers, supply points and their current contracts.</summary>
public sealed class MarketBuilder
{
    private readonly List<Retailer> retailers = [];
    private readonly List<SupplyPoint> points = [];
    private readonly List<(string Point, string Retailer, DateOnly Start)> contracts = [];
    private readonly List<ContractHolder> holders = [];

    public MarketBuilder Retailer(string code, string name = "Retailer")
    {
        retailers.Add(new Retailer { Code = code, Name = name });
        return this;
    }

    public MarketBuilder Point(string id, string? suppliedBy = null, int readingDay = 15, string meterType = MeterTypes.Smart, DateOnly? since = null, string? schedule = null)
    {
        points.Add(new SupplyPoint { Id = id, Area = int.Parse(id[..2], System.Globalization.CultureInfo.InvariantCulture), Address = $"東京都千代田区丸の内1-{points.Count + 1}", ReadingDay = readingDay, MeterType = meterType, ReadingSchedule = schedule });
        if (suppliedBy is not null)
        {
            contracts.Add((id, suppliedBy, since ?? new DateOnly(2016, 4, 1)));
        }

        return this;
    }

    public MarketBuilder Holder(string point, string retailer, string customerNumber, string name, string address)
    {
        holders.Add(new ContractHolder { SupplyPointId = point, RetailerCode = retailer, CustomerNumber = customerNumber, Name = name, Address = address });
        return this;
    }

    public async Task SaveAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        db.Retailers.AddRange(retailers);
        db.SupplyPoints.AddRange(points);
        db.ContractHolders.AddRange(holders);
        long seq = 0;
        foreach (var (point, retailer, start) in contracts)
        {
            db.WheelingContracts.Add(new WheelingContract { SupplyPointId = point, RetailerCode = retailer, StartDate = start, ChangeSeq = ++seq });
        }

        await db.SaveChangesAsync();
    }
}
