using System.Globalization;
using System.Text;
using Renkei.Formats.Api.Switching;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching.Bulk;

/// <summary>
/// The result file of a bulk upload (docs/formats.md): one row per line of the file, in line order, headed with the
/// market's item names; a row holds what its line created (OK) or every reason it was refused (NG).
/// </summary>
public static class BulkResultFile
{
    /// <summary>処理結果 of a row that created its application.</summary>
    public const string Ok = "OK";

    /// <summary>処理結果 of a refused row.</summary>
    public const string Ng = "NG";

    /// <summary>The result file's header for <paramref name="kind"/>.</summary>
    public static string Header(BulkKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var status = kind.NumberItem == "廃止取次番号" ? "廃止取次ステータス" : "受付工程";
        return $"行番号,地点特定番号,処理結果,{kind.NumberItem},{status},{kind.DateItem ?? "予定日"},エラーコード,エラー項目,エラー内容,エラー内容（英語）";
    }

    public static string Write(BulkKind kind, IEnumerable<BulkRowResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder(Header(kind)).Append('\n');
        foreach (var r in rows)
        {
            csv.AppendJoin(
                ',',
                r.Line.ToString(CultureInfo.InvariantCulture),
                CsvText.Field(Echo.Prefix(r.SupplyPointId)),
                r.Errors.Count == 0 ? Ok : Ng,
                r.Number ?? string.Empty,
                r.Status ?? string.Empty,
                CsvText.Date(r.Date),
                CsvText.Field(string.Join(' ', r.Errors.Select(e => e.Code))),
                CsvText.Field(string.Join(' ', r.Errors.Select(e => e.Field))),
                CsvText.Field(string.Join(" / ", r.Errors.Select(e => e.MessageJa))),
                CsvText.Field(string.Join(" / ", r.Errors.Select(e => e.Message))));
            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>
    /// How many rows of a result file were accepted and refused: the file read as CSV, so that a quoted field
    /// holding a comma (a supply point as a line gave it, a reason) does not shift the 処理結果 column.
    /// </summary>
    public static (int Accepted, int Refused) Count(string result)
    {
        var records = CsvText.Read(result, out var error);
        if (error is not null)
        {
            throw new FormatException($"the result file is not CSV: {error}");
        }

        var accepted = 0;
        var refused = 0;
        foreach (var (_, fields) in records.Skip(1))
        {
            var outcome = fields.Length > 2 ? fields[2] : string.Empty;
            accepted += outcome == Ok ? 1 : 0;
            refused += outcome == Ng ? 1 : 0;
        }

        return (accepted, refused);
    }
}

/// <summary>
/// The outcome of one line: what it created (its number, status and date) or every reason it was refused; the
/// supply point as the line gave it.
/// </summary>
public sealed record BulkRowResult(int Line, string? SupplyPointId, string? Number, string? Status, DateOnly? Date, IReadOnlyList<RuleViolation> Errors);
