using System.Globalization;

namespace Renkei.Client;

/// <summary>
/// The operator routes (<c>/api/v1/operator/...</c>), for a token with the operator role: the metering node's
/// status, slot timelines and activity, the switching hub's summary, the gateway's audit summary, and a low-voltage
/// customer's consent password issued by the TSO directly.
/// </summary>
public sealed partial class RenkeiClient
{
    private const string Operator = "api/v1/operator/";

    public Task<MeteringStatus> GetMeteringStatusAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<MeteringStatus>($"{Operator}metering/status", cancellationToken);

    /// <summary>Each slot's processing timeline of a day, against the 60-minute bound.</summary>
    public async Task<IReadOnlyList<SlotTimeline>> GetSlotTimelineAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        await GetJsonAsync<List<SlotTimeline>>($"{Operator}metering/slots/{Day(date)}/timeline", cancellationToken).ConfigureAwait(false);

    /// <summary>Reads per minute over the last <paramref name="minutes"/>, and the meters silent over the last <paramref name="silentSlots"/> closed slots.</summary>
    public Task<OperatorActivity> GetOperatorActivityAsync(int minutes, int silentSlots, CancellationToken cancellationToken = default) =>
        GetJsonAsync<OperatorActivity>(string.Create(CultureInfo.InvariantCulture, $"{Operator}metering/activity?minutes={minutes}&silentSlots={silentSlots}"), cancellationToken);

    public Task<SwitchingSummary> GetSwitchingSummaryAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<SwitchingSummary>($"{Operator}switching/summary", cancellationToken);

    /// <summary>The attachments of any usage-information application (IF_10210), for the TSO's operators.</summary>
    public Task<AttachmentList> GetApplicationAttachmentsAsync(string applicationNumber, CancellationToken cancellationToken = default) =>
        GetJsonAsync<AttachmentList>($"{Operator}switching/applications/{Uri.EscapeDataString(applicationNumber)}/attachments", cancellationToken);

    /// <summary>Downloads attachment <paramref name="attachment"/> of any usage-information application into <paramref name="destination"/>, for the TSO's operators.</summary>
    public Task<long> DownloadApplicationAttachmentAsync(string applicationNumber, int attachment, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadAsync(string.Create(CultureInfo.InvariantCulture, $"{Operator}switching/applications/{Uri.EscapeDataString(applicationNumber)}/attachments/{attachment}"), "*/*", destination, null, cancellationToken);

    /// <summary>A node's faults now: <paramref name="node"/> is <c>metering</c>, <c>switching</c> or <c>gateway</c>.</summary>
    public Task<NodeAlerts> GetNodeAlertsAsync(string node, CancellationToken cancellationToken = default) =>
        GetJsonAsync<NodeAlerts>($"{Operator}{Uri.EscapeDataString(node)}/alerts", cancellationToken);

    /// <summary>The gateway's audit log of a JST day, summarised.</summary>
    public Task<AuditSummary> GetAuditSummaryAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        GetJsonAsync<AuditSummary>($"{Operator}audit/summary?date={Day(date)}", cancellationToken);

    /// <summary>
    /// 使用量照会パスワード from the TSO directly, for a low-voltage customer who matches the point's contract holder
    /// (name, and phone or address); shown only now.
    /// </summary>
    public Task<ConsentPasswordIssued> IssueTsoConsentPasswordAsync(string supplyPointId, TsoConsentPasswordRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ConsentPasswordIssued>($"{Operator}switching/supply-points/{Uri.EscapeDataString(supplyPointId)}/consent-passwords", request, idempotencyKey, cancellationToken);
}
