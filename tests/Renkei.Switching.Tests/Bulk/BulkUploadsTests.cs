using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Api;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Bulk;

/// <summary>
/// 一括申請 over real HTTP: a bulk file is a batch of independent applications, each row through its kind's handler,
/// the result file one row per line; against SQLite and PostgreSQL by the two derived classes.
/// </summary>
public abstract class BulkUploadsTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    private static HttpRequestMessage Csv(string kind, string body, string key) => Bytes(kind, Encoding.UTF8.GetBytes(body), key);

    private static HttpRequestMessage Bytes(string kind, byte[] body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "internal/v1/bulk/" + kind) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<string[][]> RowsOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. text.TrimEnd('\n').Split('\n').Select(l => l.Split(','))];
    }

    private static async Task<int> CountAsync(ApiHost api) => await api.Harness.Context().Applications.CountAsync();

    [SkippableFact]
    public async Task SwitchIns_ValidAndInvalidRows_EachValidRowAnApplicationEachInvalidRowEveryReason()
    {
        await using var api = await StartAsync();
        var file = $"supply_point_id,switch_date\n{Point},2026-12-15\n{VacantPoint},2026-12-15\n12345,someday\n{ConventionalPoint},\n";

        var rows = await RowsOf(await api.Client(New).SendAsync(Csv("switch-ins", file, "file-1")));

        Assert.Equal("行番号,地点特定番号,処理結果,申込番号,受付工程,接続開始予定日,エラーコード,エラー項目,エラー内容,エラー内容（英語）", string.Join(',', rows[0]));
        Assert.Equal(["2", Point, "OK", "01", "2026-12-15", ""], [rows[1][0], rows[1][1], rows[1][2], rows[1][4], rows[1][5], rows[1][6]]);
        Assert.StartsWith("A", rows[1][3], StringComparison.Ordinal);
        Assert.Equal(("3", "NG", "", "SW004"), (rows[2][0], rows[2][2], rows[2][3], rows[2][6]));
        Assert.Equal(("4", "NG", "CSV001 SW001", "switch_date supply_point_id"), (rows[3][0], rows[3][2], rows[3][6], rows[3][7]));
        Assert.Equal(("5", "OK"), (rows[4][0], rows[4][2]));
        Assert.Equal(5, rows.Length);
        Assert.Equal(2, await CountAsync(api));
    }

    [SkippableFact]
    public async Task SameFileSameKey_AnswersTheSameResultAndCreatesNothingTwice_AnotherFileIsAConflict()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var file = $"supply_point_id,switch_date\n{Point},2026-12-15\n{VacantPoint},2026-12-15\n";

        var first = await client.SendAsync(Csv("switch-ins", file, "file-1"));
        var again = await client.SendAsync(Csv("switch-ins", file, "file-1"));
        var other = await client.SendAsync(Csv("switch-ins", $"supply_point_id\n{ConventionalPoint}\n", "file-1"));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues(ApplicationsApi.ReplayedHeader).Single());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await CountAsync(api));
    }

    [SkippableFact]
    public async Task UploadCutShortBeforeItsResultWasKept_SentAgain_RowsDoneKeepTheirApplications()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var file = $"supply_point_id,switch_date\n{Point},2026-12-15\n{ConventionalPoint},\n";
        var first = await RowsOf(await client.SendAsync(Csv("switch-ins", file, "file-1")));

        // As if the node stopped after the rows' commits and before the file's result was kept.
        await using (var db = api.Harness.Context())
        {
            Assert.Equal(1, await db.IdempotencyRecords.Where(r => r.Key == "file-1").ExecuteDeleteAsync());
        }

        var again = await RowsOf(await client.SendAsync(Csv("switch-ins", file, "file-1")));

        Assert.Equal((first[1][3], first[2][3]), (again[1][3], again[2][3]));
        Assert.Equal(("OK", "OK"), (again[1][2], again[2][2]));
        Assert.Equal(2, await CountAsync(api));
    }

    [SkippableFact]
    public async Task SamePointTwice_RowsRunInFileOrder_TheSecondMeetsTheFirst()
    {
        await using var api = await StartAsync();

        var rows = await RowsOf(await api.Client(New).SendAsync(Csv("switch-ins", $"supply_point_id,switch_date\n{Point},2026-12-15\n{Point},2026-12-15\n", "file-1")));

        Assert.Equal(("OK", "NG"), (rows[1][2], rows[2][2]));
        Assert.Contains(rows[1][3], rows[2][9], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task EveryKind_AValidRow_BecomesItsApplication()
    {
        await using var api = await StartAsync();
        var old = api.Client(Old);
        var uploads = new (string Kind, HttpClient Client, string File)[]
        {
            ("switch-outs", old, $"地点特定番号,接続廃止予定日,お客様番号\n{ConventionalPoint},2026-12-15,K-2\n"),
            ("move-ins", old, "supply_point_id,start_date,site_visit_possible,site_visit_date,site_visit_time,site_visit_person,move_in_time,service_menu,contract_decision_method,desired_amperes,tariff_consent,customer_name,customer_address\n"
                + $"{VacantPoint},2026-12-01,1,2026-12-01,1,山田 太郎,1,01,1,40,1,山田 太郎,東京都千代田区丸の内1-1\n"),
            ("move-outs", api.Client(Third), $"supply_point_id,end_date,remove_facilities,move_out_reason\n{ThirdsPoint},2026-12-20,true,01\n"),
            ("ampere-changes", old, $"supply_point_id,amperes,change_date\n{Point},40,2026-12-10\n"),
            ("customer-details", old, $"supply_point_id,customer_number,name,name_kana,address,phone\n{Point},K-0001,山田花子,ヤマダハナコ,東京都千代田区丸の内1-1,03-1234-5678\n"),
            ("cancellation-relays", api.Client(New), $"supply_point_id,contract_number,holder_name,address,wished_date\n{Point},K-0001,山田太郎,\"東京都千代田区丸の内1-1, 2F\",2026-12-15\n"),
        };

        foreach (var (kind, client, file) in uploads)
        {
            var rows = await RowsOf(await client.SendAsync(Csv(kind, file, "file-" + kind)));
            Assert.True(rows[1][2] == "OK", $"{kind}: {string.Join(',', rows[1])}");
            Assert.Matches(kind == "cancellation-relays" ? "^C[0-9]{12}$" : "^A[0-9]{12}$", rows[1][3]);
        }

        Assert.Equal(5, await CountAsync(api));
        Assert.Equal(1, await api.Harness.Context().CancellationRelays.CountAsync());
    }

    [SkippableFact]
    public async Task RowWithFaultsOfFormAndRules_ListsEveryReason()
    {
        await using var api = await StartAsync();

        var rows = await RowsOf(await api.Client(New).SendAsync(Csv("cancellation-relays", $"supply_point_id,contract_number,holder_name,address,wished_date\n{Point},,山田太郎,東京都千代田区丸の内1-1,12/15\n", "file-1")));

        Assert.Equal(("NG", "CSV001 SW021", "wished_date contract_number"), (rows[1][2], rows[1][6], rows[1][7]));
        Assert.Equal(0, await api.Harness.Context().CancellationRelays.CountAsync());
    }

    [SkippableFact]
    public async Task NotAFileOfTheKind_RefusedWholeAndNothingStored()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);

        var header = await client.SendAsync(Csv("switch-ins", $"supply_point_id,end_date\n{Point},2026-12-15\n", "file-1"));
        var shiftJis = await client.SendAsync(Bytes("cancellation-relays", [.. Encoding.ASCII.GetBytes($"supply_point_id,contract_number,holder_name,address,wished_date\n{Point},K-1,"), 0x8E, 0x52, 0x93, 0x63, .. Encoding.ASCII.GetBytes(",x,2026-12-15\n")], "file-2"));
        var headerProblem = JsonDocument.Parse(await header.Content.ReadAsStringAsync()).RootElement;
        var encodingProblem = JsonDocument.Parse(await shiftJis.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (header.StatusCode, shiftJis.StatusCode));
        Assert.Equal("end_date", headerProblem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("not UTF-8", encodingProblem.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(api));
    }
}

public sealed class SqliteBulkUploadsTests : BulkUploadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresBulkUploadsTests : BulkUploadsTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
