using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Renkei.Client;

/// <summary>
/// The switching routes (<c>/api/v1/switching/...</c>): supply point search and facilities, the applications of the
/// market's interfaces (IF_10610 switch-in ... IF_10910 ampere change), 廃止取次 (IS_20110 to IS_20410), usage
/// information, the change feed and notifications, and the bulk files. Every submission carries an
/// <c>Idempotency-Key</c>: sending it again with the same key applies nothing twice and answers the first result.
/// </summary>
public sealed partial class RenkeiClient
{
    private const string Switching = "api/v1/switching/";

    /// <summary>供給地点特定番号検索: supply points by site address and the contract holder's name.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchSupplyPointsAsync(string? address, string? holderName, CancellationToken cancellationToken = default) =>
        await GetJsonAsync<List<SearchHit>>(
            $"{Switching}supply-points/search?address={Uri.EscapeDataString(address ?? string.Empty)}&holderName={Uri.EscapeDataString(holderName ?? string.Empty)}",
            cancellationToken).ConfigureAwait(false);

    /// <summary>設備情報照会 (IF_10110) of a supply point.</summary>
    public Task<FacilityView> GetFacilityAsync(string supplyPointId, CancellationToken cancellationToken = default) =>
        GetJsonAsync<FacilityView>($"{Switching}supply-points/{Escape(supplyPointId)}/facility", cancellationToken);

    /// <summary>The retailer's applications, newest first (1 to 1,000).</summary>
    public async Task<IReadOnlyList<ApplicationView>> ListApplicationsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        await GetJsonAsync<List<ApplicationView>>($"{Switching}applications" + Limit("?", limit), cancellationToken).ConfigureAwait(false);

    /// <summary>業務処理状況確認: one application with what it waits for.</summary>
    public Task<ApplicationView> GetApplicationAsync(string number, CancellationToken cancellationToken = default) =>
        GetJsonAsync<ApplicationView>($"{Switching}applications/{Escape(number)}", cancellationToken);

    /// <summary>An application's audit trail, oldest first.</summary>
    public async Task<IReadOnlyList<AuditView>> GetApplicationHistoryAsync(string number, CancellationToken cancellationToken = default) =>
        await GetJsonAsync<List<AuditView>>($"{Switching}applications/{Escape(number)}/history", cancellationToken).ConfigureAwait(false);

    /// <summary>スイッチング開始申込 (IF_10610).</summary>
    public Task<ApplicationView> SwitchInAsync(SwitchInRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/switch-in", request, idempotencyKey, cancellationToken);

    /// <summary>A dry run of a switch-in: every rule checked, the earliest valid date and the date it would take; nothing committed.</summary>
    public Task<DryRunResult> CheckSwitchInAsync(SwitchInRequest request, CancellationToken cancellationToken = default) =>
        PostJsonAsync<DryRunResult>($"{Switching}applications/switch-in?dryRun=true", request, null, cancellationToken);

    /// <summary>スイッチング廃止申込 (IF_10710).</summary>
    public Task<ApplicationView> SwitchOutAsync(SwitchOutRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/switch-out", request, idempotencyKey, cancellationToken);

    /// <summary>再点申込 (IF_10410).</summary>
    public Task<ApplicationView> MoveInAsync(MoveInRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/move-in", request, idempotencyKey, cancellationToken);

    /// <summary>廃止・撤去申込 (IF_10510).</summary>
    public Task<ApplicationView> MoveOutAsync(MoveOutRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/move-out", request, idempotencyKey, cancellationToken);

    /// <summary>需要者情報変更申込 (IF_10810).</summary>
    public Task<ApplicationView> ChangeCustomerDetailsAsync(CustomerDetailsRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/customer-details", request, idempotencyKey, cancellationToken);

    /// <summary>アンペア変更申込 (IF_10910).</summary>
    public Task<ApplicationView> ChangeAmperesAsync(AmpereChangeRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/ampere-change", request, idempotencyKey, cancellationToken);

    /// <summary>取下げ of an open application.</summary>
    public Task<ApplicationView> WithdrawApplicationAsync(string number, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ApplicationView>($"{Switching}applications/{Escape(number)}/withdraw", null, idempotencyKey, cancellationToken);

    /// <summary>
    /// 訂正 (更新フラグ 2) of an application returned for correction (差戻し): the corrected body is the kind's own
    /// request (<see cref="SwitchInRequest"/> or <see cref="SwitchOutRequest"/>); every rule runs again.
    /// </summary>
    public Task<ApplicationView> CorrectApplicationAsync(string number, object correctedRequest, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correctedRequest);
        return PostJsonAsync<ApplicationView>($"{Switching}applications/{Escape(number)}/correction", correctedRequest, idempotencyKey, cancellationToken);
    }

    /// <summary>Issues the customer's consent password (<c>1d</c>, <c>7d</c> or <c>1m</c>) for usage information; shown only now.</summary>
    public Task<ConsentPasswordIssued> IssueConsentPasswordAsync(string supplyPointId, ConsentPasswordRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ConsentPasswordIssued>($"{Switching}supply-points/{Escape(supplyPointId)}/consent-passwords", request, idempotencyKey, cancellationToken);

    /// <summary>使用量情報照会申請 (IF_10210) with the customer's consent password: the grant it gives.</summary>
    public Task<UsageGrant> ApplyForUsageInformationAsync(UsageInformationRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<UsageGrant>($"{Switching}applications/usage-information", request, idempotencyKey, cancellationToken);

    /// <summary>The attachments of the caller's usage-information application (IF_10210), in the order sent.</summary>
    public Task<AttachmentList> ListAttachmentsAsync(string applicationNumber, CancellationToken cancellationToken = default) =>
        GetJsonAsync<AttachmentList>($"{Switching}applications/{Escape(applicationNumber)}/attachments", cancellationToken);

    /// <summary>Downloads attachment <paramref name="attachment"/> (its number, 1 upwards) of the caller's usage-information application into <paramref name="destination"/>.</summary>
    public Task<long> DownloadAttachmentAsync(string applicationNumber, int attachment, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadAsync($"{Switching}applications/{Escape(applicationNumber)}/attachments/{attachment.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "*/*", destination, null, cancellationToken);

    /// <summary>使用量情報照会 (IF_10310): the granted usage values (monthly, and daily 30-minute values for a smart meter).</summary>
    public Task<UsageInformationView> GetUsageValuesAsync(string applicationNumber, CancellationToken cancellationToken = default) =>
        GetJsonAsync<UsageInformationView>($"{Switching}applications/{Escape(applicationNumber)}/usage", cancellationToken);

    /// <summary>廃止取次登録 (IS_20110): asks the current retailer to end its contract.</summary>
    public Task<RelayView> RegisterRelayAsync(RelayRegistrationRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<RelayView>($"{Switching}cancellation-relays", request, idempotencyKey, cancellationToken);

    /// <summary>廃止取次照会 (IS_20310): the relays addressed to the retailer (open ones, or all).</summary>
    public async Task<IReadOnlyList<RelayView>> ListRelaysAsync(bool all = false, CancellationToken cancellationToken = default) =>
        await GetJsonAsync<List<RelayView>>($"{Switching}cancellation-relays" + (all ? "?all=true" : string.Empty), cancellationToken).ConfigureAwait(false);

    /// <summary>廃止取次結果 (IS_20210): one relay.</summary>
    public Task<RelayView> GetRelayAsync(string number, CancellationToken cancellationToken = default) =>
        GetJsonAsync<RelayView>($"{Switching}cancellation-relays/{Escape(number)}", cancellationToken);

    /// <summary>廃止取次判定 (IS_20410): the current retailer's decision, "01" OK or "02" NG with reasons 1–9.</summary>
    public Task<RelayView> DecideRelayAsync(string number, RelayDecisionRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<RelayView>($"{Switching}cancellation-relays/{Escape(number)}/decision", request, idempotencyKey, cancellationToken);

    /// <summary>取下げ of a 廃止取次 by its new retailer, before matching.</summary>
    public Task<RelayView> WithdrawRelayAsync(string number, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostJsonAsync<RelayView>($"{Switching}cancellation-relays/{Escape(number)}/withdraw", null, idempotencyKey, cancellationToken);

    /// <summary>IF_11110: the retailer's events after <paramref name="after"/>; ask again from <see cref="EventPage.Next"/>.</summary>
    public Task<EventPage> GetSwitchingChangesAsync(long after = 0, int? limit = null, CancellationToken cancellationToken = default) =>
        GetJsonAsync<EventPage>(string.Create(CultureInfo.InvariantCulture, $"{Switching}changes?after={after}") + Limit("&", limit), cancellationToken);

    /// <summary>The notifications not yet acknowledged, oldest first.</summary>
    public Task<EventPage> PeekNotificationsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        GetJsonAsync<EventPage>($"{Switching}notifications" + Limit("?", limit), cancellationToken);

    /// <summary>Acknowledges the notifications up to <paramref name="upTo"/> (an event's seq), inclusive.</summary>
    public async Task AcknowledgeNotificationsAsync(long upTo, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri($"{Switching}notifications/ack", UriKind.Relative)) { Content = JsonContent.Create(new AcknowledgeRequest(upTo), options: Json) },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 一括申請 of one kind (<c>switch-ins</c>, <c>switch-outs</c>, <c>move-ins</c>, <c>move-outs</c>,
    /// <c>ampere-changes</c>, <c>customer-details</c>, <c>cancellation-relays</c>): a CSV file whose rows are
    /// independent applications; answers the result file, one row per line (its number, or every reason it was
    /// refused). The file is refused whole only when it is not a file of that kind (header, encoding).
    /// </summary>
    public Task<string> UploadBulkAsync(string kind, string csv, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostCsvAsync($"{Switching}bulk/{Escape(kind)}", csv, idempotencyKey, cancellationToken);

    /// <summary>一括申請 of switch-ins, as <see cref="UploadBulkAsync"/>.</summary>
    public Task<string> UploadSwitchInsAsync(string csv, string idempotencyKey, CancellationToken cancellationToken = default) =>
        UploadBulkAsync("switch-ins", csv, idempotencyKey, cancellationToken);

    /// <summary>一括申請 of 廃止取次 registrations, as <see cref="UploadBulkAsync"/>.</summary>
    public Task<string> UploadRelaysAsync(string csv, string idempotencyKey, CancellationToken cancellationToken = default) =>
        UploadBulkAsync("cancellation-relays", csv, idempotencyKey, cancellationToken);

    /// <summary>Every application of the retailer as CSV (with 廃止取次 number and NG reason).</summary>
    public async Task<string> DownloadApplicationsCsvAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri($"{Switching}bulk/applications", UriKind.Relative)),
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PostJsonAsync<T>(string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
                {
                    Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
                };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                Idempotent(request, idempotencyKey);
                return request;
            },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> PostCsvAsync(string path, string csv, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
                Idempotent(request, idempotencyKey);
                return request;
            },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Idempotent(HttpRequestMessage request, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
    }

    private static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static string Limit(string separator, int? limit) =>
        limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"{separator}limit={l}") : string.Empty;
}
