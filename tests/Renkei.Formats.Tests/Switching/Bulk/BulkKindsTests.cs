using System.Text;
using System.Text.Json;
using Renkei.Formats.Api.Switching;
using Renkei.Formats.Switching.Bulk;

namespace Renkei.Formats.Tests.Switching.Bulk;

/// <summary>The bulk files' column mapping, rows, refusals of a file as a whole, result file and encoding.</summary>
public sealed class BulkKindsTests
{
    private const string Point = "0300000000000000000001";

    [Fact]
    public void EveryColumn_FillsAPropertyOfItsKindsRequest()
    {
        foreach (var kind in BulkKinds.All)
        {
            var request = kind.GetType().GetGenericArguments()[0];
            Assert.All(kind.Columns, c => Assert.True(HasPath(request, c.Property), $"{kind.Name}.{c.Name}: {request.Name} has no {c.Property}"));
            Assert.Equal(kind.Columns.Count, kind.Columns.Select(c => c.Name).Distinct().Count());
            Assert.Equal(kind.Columns.Count, kind.Columns.Select(c => c.MarketName).Distinct().Count());
        }

        Assert.Equal(7, BulkKinds.All.Count);
    }

    [Fact]
    public void Rows_EveryColumnReachesTheRequest_MarketItemNamesAsHeader()
    {
        var parsed = BulkKinds.MoveOuts.Parse($"\uFEFF地点特定番号,接続廃止予定日,設備撤去有無\n{Point},2026-12-20,1\n");
        var relays = BulkKinds.CancellationRelays.Parse($"supply_point_id,contract_number,holder_name,holder_name_kana,address,wished_date,contact,phone\n{Point},K-1,山田太郎,ヤマダタロウ,\"東京都, 2F\",2026-12-15,佐藤,03-1234-5678\n");

        Assert.False(parsed.Refused);
        Assert.Equal(new MoveOutRequest(Point, new DateOnly(2026, 12, 20), true), Assert.Single(parsed.Rows).Request);
        Assert.Equal(new RelayRegistrationRequest(Point, "K-1", "山田太郎", "ヤマダタロウ", "東京都, 2F", new DateOnly(2026, 12, 15), "佐藤", "03-1234-5678"), Assert.Single(relays.Rows).Request);
    }

    [Fact]
    public void RowFaults_StayOnTheirRow_TheRestOfTheRowAndFileRead()
    {
        var parsed = BulkKinds.AmpereChanges.Parse($"supply_point_id,amperes,change_date\n{Point},forty,12/10\n{Point}\n\"{Point},30,2026-12-10\n{Point},30,2026-12-10\n");

        Assert.False(parsed.Refused);
        Assert.Equal([2, 3, 4], parsed.Rows.Take(3).Select(r => r.Line));
        var first = parsed.Rows[0];
        Assert.Equal(["amperes", "change_date"], first.Faults.Select(f => f.Field));
        Assert.Equal(["amperes", "changeDate"], first.FaultedProperties);
        Assert.Equal(new AmpereChangeRequest(Point, null, null), first.Request);
        Assert.Null(parsed.Rows[1].Request);
        Assert.Equal("line", Assert.Single(parsed.Rows[1].Faults).Field);
        Assert.Contains("not closed", Assert.Single(parsed.Rows[2].Faults).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_TenMegabyteField_FaultAndResultQuoteAShortPrefix()
    {
        var huge = new string('9', 10_000_000);
        var parsed = BulkKinds.SwitchIns.Parse($"supply_point_id,switch_date\n{huge},{huge}\n");
        var result = BulkResultFile.Write(BulkKinds.SwitchIns, [new BulkRowResult(2, huge, null, null, null, [])]);

        Assert.True(Assert.Single(Assert.Single(parsed.Rows).Faults).Message.Length < 200);
        Assert.True(result.Length < 400);
    }

    [Theory]
    [InlineData("", "header")]
    [InlineData("supply_point_id,switch_date\n", "file")]
    [InlineData("supply_point_id,wished\n0300000000000000000001,2026-12-15\n", "wished")]
    [InlineData("supply_point_id,supply_point_id\n1,2\n", "supply_point_id")]
    [InlineData("switch_date\n2026-12-15\n", "supply_point_id")]
    public void NotAFileOfTheKind_RefusedWhole(string text, string field)
    {
        var parsed = BulkKinds.SwitchIns.Parse(text);

        Assert.True(parsed.Refused);
        Assert.Empty(parsed.Rows);
        Assert.Contains(parsed.FileErrors, e => e.Field == field);
    }

    [Fact]
    public void MoreRowsThanAFileTakes_RefusedWhole()
    {
        var text = new StringBuilder("supply_point_id\n");
        for (var i = 0; i <= BulkKind.MaxRows; i++)
        {
            text.Append(Point).Append('\n');
        }

        var error = Assert.Single(BulkKinds.SwitchIns.Parse(text.ToString()).FileErrors);

        Assert.Equal((0, "file"), (error.Line, error.Field));
    }

    [Fact]
    public void ResultFile_MarketItemNames_OneRowPerLine_EveryReason()
    {
        var text = BulkResultFile.Write(BulkKinds.CancellationRelays,
        [
            new BulkRowResult(2, Point, "C000000000001", "01", new DateOnly(2026, 12, 15), []),
            new BulkRowResult(3, Point, null, null, null, [new RuleViolation("CSV001", "wished_date", "'x' is not a date, YYYY-MM-DD", "wished_date: 形式の誤り"), new RuleViolation("SW021", "contract_number", "required", "必須です")]),
        ]);

        Assert.Equal(
            "行番号,地点特定番号,処理結果,廃止取次番号,廃止取次ステータス,廃止年月日,エラーコード,エラー項目,エラー内容,エラー内容（英語）\n"
            + $"2,{Point},OK,C000000000001,01,2026-12-15,,,,\n"
            + $"3,{Point},NG,,,,CSV001 SW021,wished_date contract_number,wished_date: 形式の誤り / 必須です,\"'x' is not a date, YYYY-MM-DD / required\"\n",
            text);
    }

    [Fact]
    public void Decode_Utf8WithBom_ShiftJisAndUtf16Refused()
    {
        var utf8 = BulkText.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("山田\n")], out var none);
        var shiftJis = BulkText.Decode([(byte)'a', (byte)',', 0x8E, 0x52, 0x93, 0x63], out var notUtf8);
        var utf16 = BulkText.Decode([0xFF, 0xFE, (byte)'a', 0], out var wide);

        Assert.Equal("山田\n", utf8);
        Assert.Null(none);
        Assert.Null(shiftJis);
        Assert.Contains("not UTF-8 (byte 2)", notUtf8!.Message, StringComparison.Ordinal);
        Assert.Null(utf16);
        Assert.Contains("UTF-16", wide!.Message, StringComparison.Ordinal);
    }

    /// <summary>Whether a dotted JSON path (<c>content.siteVisit.date</c>) names a property of the record and its nested records.</summary>
    private static bool HasPath(Type type, string path)
    {
        foreach (var name in path.Split('.'))
        {
            var property = type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == name);
            if (property is null)
            {
                return false;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return true;
    }
}
