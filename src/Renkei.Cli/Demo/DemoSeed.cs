using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Simulator.Fleet;
using Renkei.Switching.Store;

namespace Renkei.Cli.Demo;

/// <summary>
/// The demo's market: three retailers, the fleet's supply points split between them since 2016-04-01 (full
/// retail liberalisation), and a history of switches: 10 % of points changed retailer 20 days ago, 2 % change
/// today and 2 % changed yesterday, so the access rules have something to show.
/// </summary>
internal static class DemoSeed
{
    public static readonly DateOnly MarketOpening = new(2016, 4, 1);

    /// <summary>The areas the demo's switching hub routes: 03 Tokyo (the fleet) and 06 Kansai (switching only).</summary>
    public static readonly int[] Areas = [3, 6];

    /// <summary>Supply points in Kansai (area 06), without meters in the demo's fleet: 1 % of the fleet, at least 10.</summary>
    public static int KansaiPoints(int meters) => Math.Max(10, meters / 100);

    /// <summary>The ID of Kansai point <paramref name="i"/>.</summary>
    public static string KansaiPointId(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"06{i:D20}");

    public static readonly (string Code, string Name)[] Retailers =
    [
        ("R0001", "さくら電力 (Sakura Denryoku)"),
        ("R0002", "富士エナジー (Fuji Energy)"),
        ("R0003", "みなとパワー (Minato Power)"),
    ];

    /// <summary>The contract periods of point <paramref name="i"/>: (retailer index, start, end exclusive or null).</summary>
    public static IReadOnlyList<(int Retailer, DateOnly Start, DateOnly? End)> History(int i, DateOnly today)
    {
        var owner = i % 3;
        if (i % 10 == 1)
        {
            var switched = today.AddDays(-20);
            return [((i + 1) % 3, MarketOpening, switched), (owner, switched, null)];
        }

        if (i % 50 == 3)
        {
            return [(owner, MarketOpening, today), ((i + 1) % 3, today, null)];
        }

        if (i % 50 == 7)
        {
            var yesterday = today.AddDays(-1);
            return [(owner, MarketOpening, yesterday), ((i + 2) % 3, yesterday, null)];
        }

        return [(owner, MarketOpening, null)];
    }

    /// <summary>The retailer index that supplies point <paramref name="i"/> on <paramref name="date"/>.</summary>
    public static int OwnerOn(int i, DateOnly date, DateOnly today)
    {
        foreach (var (retailer, start, end) in History(i, today))
        {
            if (start <= date && (end is null || date < end))
            {
                return retailer;
            }
        }

        return -1;
    }

    private static readonly string[] FamilyNames = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"];
    private static readonly string[] FamilyKana = ["ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ"];
    private static readonly string[] GivenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "大輔", "由美", "翔", "直子"];
    private static readonly string[] GivenKana = ["タロウ", "ハナコ", "イチロウ", "ミサキ", "ケンタ", "ヨウコ", "ダイスケ", "ユミ", "ショウ", "ナオコ"];

    /// <summary>The site address of Tokyo point <paramref name="i"/>.</summary>
    public static string AddressOf(int i) => $"東京都千代田区丸の内{1 + (i / 1000)}-{1 + (i % 1000)}";

    /// <summary>The contract holder (契約名義) of point <paramref name="i"/> with its current retailer, as the screens' search finds it.</summary>
    public static (string Name, string Kana) HolderOf(int i) =>
        (FamilyNames[i % 10] + " " + GivenNames[(i / 10) % 10], FamilyKana[i % 10] + "　" + GivenKana[(i / 10) % 10]);

    /// <summary>The current retailer's contract (customer) number of point <paramref name="i"/>.</summary>
    public static string ContractNumberOf(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"K{i:D8}");

    public static async Task SeedAsync(SwitchingDbContext db, MeterFleet fleet, DateOnly today, CancellationToken cancellationToken)
    {
        if (await db.Retailers.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Bulk insert through the store's own connection with prepared statements in one transaction: EF's
        // change tracking would take seconds for the 10,000 points and their contracts of the default demo. Quoted
        // names, @ parameters and DateOnly values, so the same statements run on SQLite (the demo) and PostgreSQL
        // (the cluster).
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var retailer = connection.CreateCommand())
            {
                retailer.Transaction = tx;
                retailer.CommandText = "INSERT INTO \"Retailers\" (\"Code\", \"Name\") VALUES (@code, @name)";
                var code = AddParameter(retailer, "@code");
                var name = AddParameter(retailer, "@name");
                foreach (var (c, n) in Retailers)
                {
                    code.Value = c;
                    name.Value = n;
                    await retailer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await using var point = connection.CreateCommand();
            point.Transaction = tx;
            point.CommandText = "INSERT INTO \"SupplyPoints\" (\"Id\", \"Area\", \"Address\", \"ReadingSchedule\") VALUES (@id, @area, @address, @schedule)";
            var pointId = AddParameter(point, "@id");
            var area = AddParameter(point, "@area");
            var address = AddParameter(point, "@address");
            var schedule = AddParameter(point, "@schedule");
            await using var contract = connection.CreateCommand();
            contract.Transaction = tx;
            contract.CommandText = "INSERT INTO \"WheelingContracts\" (\"SupplyPointId\", \"RetailerCode\", \"StartDate\", \"EndDate\", \"ChangeSeq\") VALUES (@sp, @rc, @start, @end, @seq)";
            var sp = AddParameter(contract, "@sp");
            var rc = AddParameter(contract, "@rc");
            var startDate = AddParameter(contract, "@start");
            var endDate = AddParameter(contract, "@end");
            var seqParam = AddParameter(contract, "@seq");
            await using var holder = connection.CreateCommand();
            holder.Transaction = tx;
            holder.CommandText = "INSERT INTO \"ContractHolders\" (\"SupplyPointId\", \"RetailerCode\", \"CustomerNumber\", \"Name\", \"NameKana\", \"Address\", \"Phone\") VALUES (@sp, @rc, @no, @name, @kana, @address, '')";
            var hPoint = AddParameter(holder, "@sp");
            var hRetailer = AddParameter(holder, "@rc");
            var hNumber = AddParameter(holder, "@no");
            var hName = AddParameter(holder, "@name");
            var hKana = AddParameter(holder, "@kana");
            var hAddress = AddParameter(holder, "@address");

            long seq = 0;
            foreach (var meter in fleet.Meters)
            {
                var i = meter.Ordinal;
                pointId.Value = meter.SupplyPointId.Value;
                area.Value = (int)meter.SupplyPointId.Area;
                address.Value = AddressOf(i);
                schedule.Value = DemoReadingSchedules.TokyoCodeOf(i);
                await point.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // The current contract's holder, so the supply point search (address + holder name) finds it.
                var (holderName, holderKana) = HolderOf(i);
                hPoint.Value = meter.SupplyPointId.Value;
                hRetailer.Value = Retailers[OwnerOn(i, today, today)].Code;
                hNumber.Value = ContractNumberOf(i);
                hName.Value = holderName;
                hKana.Value = holderKana;
                hAddress.Value = AddressOf(i);
                await holder.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (r, start, end) in History(i, today))
                {
                    sp.Value = meter.SupplyPointId.Value;
                    rc.Value = Retailers[r].Code;
                    startDate.Value = start;
                    endDate.Value = end is { } e ? e : DBNull.Value;
                    seqParam.Value = ++seq;
                    await contract.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            for (var k = 0; k < KansaiPoints(fleet.Meters.Count); k++)
            {
                pointId.Value = KansaiPointId(k);
                area.Value = 6;
                address.Value = $"大阪府大阪市北区中之島{1 + (k / 1000)}-{1 + (k % 1000)}";
                schedule.Value = DemoReadingSchedules.KansaiCodeOf(k);
                await point.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                sp.Value = KansaiPointId(k);
                rc.Value = Retailers[k % 3].Code;
                startDate.Value = MarketOpening;
                endDate.Value = DBNull.Value;
                seqParam.Value = ++seq;
                await contract.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static System.Data.Common.DbParameter AddParameter(System.Data.Common.DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        command.Parameters.Add(p);
        return p;
    }

    public static SupplyPointId PointOf(MeterFleet fleet, int i) => fleet.Meters[i].SupplyPointId;
}
