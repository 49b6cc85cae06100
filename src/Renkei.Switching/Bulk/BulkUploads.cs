using Renkei.Formats.Switching;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;

namespace Renkei.Switching.Bulk;

/// <summary>
/// 一括申請: the switching bulk files (<see cref="SwitchInsFile"/>, <see cref="RelaysFile"/>) as the hub's requests
/// and batch errors, and its accepted applications as the files' result rows.
/// </summary>
internal static class BulkUploads
{
    /// <summary>The code of every fault of form in an uploaded file.</summary>
    public const string MalformedCode = "CSV001";

    public static (List<(int Line, SwitchInRequest Request)> Rows, List<BatchError> Errors) ParseSwitchIns(string text)
    {
        var (rows, errors) = SwitchInsFile.Parse(text);
        return (rows.ConvertAll(r => (r.Line, new SwitchInRequest(r.SupplyPointId, r.SwitchDate, r.RelayNumber))), errors.ConvertAll(Error));
    }

    public static string SwitchInsResult(IReadOnlyList<(int Line, SwitchInRequest Request)> rows, IReadOnlyList<ApplicationView> accepted)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(accepted);
        return SwitchInsFile.Result(accepted.Select((a, i) => new SwitchInResult(rows[i].Line, a.Number, a.SupplyPointId, a.Status, a.SwitchDate, a.Deadline)));
    }

    public static (List<(int Line, RelayRegistrationRequest Request)> Rows, List<BatchError> Errors) ParseRelays(string text)
    {
        var (rows, errors) = RelaysFile.Parse(text);
        return (rows.ConvertAll(r => (r.Line, new RelayRegistrationRequest(r.SupplyPointId, r.ContractNumber, r.HolderName, r.HolderNameKana, r.Address, r.WishedDate, r.Contact, r.Phone))),
            errors.ConvertAll(Error));
    }

    public static string RelaysResult(IReadOnlyList<(int Line, RelayRegistrationRequest Request)> rows, IReadOnlyList<RelayView> accepted)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(accepted);
        return RelaysFile.Result(accepted.Select((r, i) => new RelayResult(rows[i].Line, r.Number, r.SupplyPointId, r.Status, r.CurrentRetailerCode, r.WishedDate, r.Deadline)));
    }

    private static BatchError Error(FormatError e) => new(e.Line, MalformedCode, e.Field, e.Message, "ファイル形式の誤り");
}
