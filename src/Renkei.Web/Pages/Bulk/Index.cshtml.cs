using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Formats.Switching.Bulk;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Bulk;

/// <summary>
/// 一括申請: a CSV of the chosen kind goes to the gateway's bulk route; the result file comes back, one row per line
/// (each accepted row's number, each refused row's reasons), shown and offered for download. Only a file that is not
/// of the kind (header, encoding) is refused whole.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    public const long MaxBytes = 4 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string Kind { get; set; } = BulkKinds.SwitchIns.Name;

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public string? Result { get; private set; }

    /// <summary>The result file's rows after its header (処理結果 is the third item).</summary>
    public IReadOnlyList<string> ResultRows => Result is null ? [] : [.. Result.TrimEnd('\n').Split('\n').Skip(1)];

    public int Accepted => ResultRows.Count(r => r.Split(',')[2] == BulkResultFile.Ok);

    public async Task<IActionResult> OnPostAsync()
    {
        var kind = BulkKinds.Find(Kind);
        if (kind is null || Upload is null || Upload.Length == 0 || Upload.Length > MaxBytes)
        {
            return Refuse(kind is null ? "kind" : "file", kind is null ? "choose a kind of application" : "choose a CSV file of at most 4 MiB", kind is null ? "申込種別を選んでください" : "4MiB以下のCSVファイルを選んでください");
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, HttpContext.RequestAborted);
        if (BulkText.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var fault) is not { } text)
        {
            return Refuse("file", fault!.Message, "ファイルをUTF-8（CSV UTF-8）で保存してください");
        }

        Result = await CallAsync((g, ct) => g.UploadBulkAsync(kind.Name, text, Nonce, ct));
        if (Result is null)
        {
            ShowRefusal();
        }

        return Page();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refuse(string field, string message, string messageJa)
    {
        Problem = ProblemErrors.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            title = "Not a bulk file",
            errors = new[] { new { code = "CSV000", field, message, messageJa } },
        }));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
