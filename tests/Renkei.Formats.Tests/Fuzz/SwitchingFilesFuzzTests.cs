using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Formats.Api.Switching;
using Renkei.Formats.Switching;
using Renkei.Formats.Switching.Bulk;
using Renkei.Formats.Text;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>
/// The switching files on outside bytes (the market file, the switch-in and relay bulk files): never an exception,
/// records or faults that each name their line (0: the file as a whole) and field, memory bounded; a market file
/// with a fault accepts nothing that holds U+FFFD or a date outside the accepted range.
/// </summary>
public sealed class SwitchingFilesFuzzTests
{
    private static readonly string[] MarketSeeds =
    [
        "# a comment\nretailer,R0001,東京電力\nsupply_point,0300000000000000000001,\"東京都港区1-1, 2F\",low,従量電灯B,30,,smart,true,5,planned,2027-01-15\n"
            + "holder,0300000000000000000001,R0001,K-1,山田太郎,ヤマダタロウ,東京都港区1-1,03-0000-0000\ncontract,0300000000000000000001,R0001,2016-04-01,2027-04-01\n",
        "retailer,R0002,\"関西\"\"電力\"\"\"\r\ncontract,0600000000000000000002,R0002,2020-01-01,\r\n",
    ];

    private static readonly string[] SwitchInSeeds =
    [
        "supply_point_id,switch_date\r\n0300000000000000000001,2026-12-15\r\n\r\n0300000000000000000002,\r\n",
        "supply_point_id,switch_date,relay_number\n0300000000000000000001,2026-12-15,\"R-1\"\n",
    ];

    private static readonly string[] RelaySeeds =
    [
        "supply_point_id,contract_number,holder_name,holder_name_kana,address,wished_date,contact,phone\n"
            + "0300000000000000000001,C-1,山田太郎,ヤマダタロウ,\"東京都港区1-1, 2F\",2026-12-15,担当,03-0000-0000\n",
    ];

    private static readonly string[] Tokens = ["retailer", "supply_point", "holder", "contract", "supply_point_id", "switch_date", "wished_date"];

    [Property(MaxTest = Fuzz.Cases)]
    public Property MarketFile_AnyBytes_RecordsOrFaultsWithLines() =>
        Prop.ForAll(Fuzz.Inputs(MarketSeeds, Tokens), input =>
        {
            MarketRecords? records = null;
            var allocated = Fuzz.Allocated(() => records = MarketFile.Parse(input.Bytes));

            AssertFaults(records!.Errors);
            if (records.Errors.Count == 0)
            {
                Assert.All(records.Retailers, r => Assert.DoesNotContain('\uFFFD', r.Retailer.Name));
                Assert.All(records.Contracts, c => Assert.True(MasterDataDates.Contains(c.Contract.StartDate)));
            }

            Fuzz.AssertBounded(allocated, input);
        });

    [Property(MaxTest = Fuzz.Cases)]
    public Property SwitchInsFile_AnyBytes_RowsOrFaultsWithLines() =>
        Prop.ForAll(Fuzz.Inputs(SwitchInSeeds, Tokens), input =>
        {
            BulkParse<SwitchInRequest>? parsed = null;
            var allocated = Fuzz.Allocated(() => parsed = BulkKinds.SwitchIns.Parse(input.Text));

            AssertFaults([.. parsed!.FileErrors, .. parsed.Rows.SelectMany(r => r.Faults)]);
            Assert.All(parsed.Rows, r => Assert.True(r.Line >= 2));
            Assert.True(parsed.Refused ? parsed.Rows.Count == 0 : parsed.Rows.Count > 0);
            Fuzz.AssertBounded(allocated, input);
        });

    [Property(MaxTest = Fuzz.Cases)]
    public Property RelaysFile_AnyBytes_RowsOrFaultsWithLines() =>
        Prop.ForAll(Fuzz.Inputs(RelaySeeds, Tokens), input =>
        {
            BulkParse<RelayRegistrationRequest>? parsed = null;
            var allocated = Fuzz.Allocated(() => parsed = BulkKinds.CancellationRelays.Parse(input.Text));

            AssertFaults([.. parsed!.FileErrors, .. parsed.Rows.SelectMany(r => r.Faults)]);
            Assert.All(parsed.Rows, r => Assert.True(r.Line >= 2));
            Assert.True(parsed.Refused ? parsed.Rows.Count == 0 : parsed.Rows.Count > 0);
            Fuzz.AssertBounded(allocated, input);
        });

    private static void AssertFaults(List<FormatError> errors) =>
        Assert.All(errors, e => Assert.True(e.Line >= 0 && e.Field.Length > 0 && e.Message.Length > 0, e.ToString()));
}
