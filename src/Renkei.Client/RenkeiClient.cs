using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Renkei.Formats.Text;

namespace Renkei.Client;

/// <summary>
/// A retailer system's client of the Renkei gateway. It gets a client-credentials token when first needed, keeps it,
/// and gets a new one <see cref="RenkeiClientOptions.RefreshBeforeExpiry"/> before it expires (or at once if the
/// gateway answers 401, e.g. after a revocation, once per call). Every refusal is a <see cref="RenkeiApiException"/>
/// carrying the problem details. Thread-safe.
/// <para>
/// A caller that holds a token of its own (the screens, with the staff member's token from the log-in) makes the
/// client with a bearer token supplier instead: the client then asks no token of the gateway and a 401 is a refusal
/// like any other.
/// </para>
/// </summary>
public sealed partial class RenkeiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RenkeiClientOptions? options;
    private readonly Func<CancellationToken, ValueTask<string>>? bearerToken;
    private readonly TimeSpan timeout;
    private readonly HttpClient http;
    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private AccessToken? token;

    public RenkeiClient(RenkeiClientOptions options)
        : this(options, CreateHandler(options))
    {
    }

    /// <summary>With a handler of the caller's (its TLS settings then replace the options' certificates).</summary>
    public RenkeiClient(RenkeiClientOptions options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        this.options = options;
        timeout = options.Timeout;
        var baseAddress = options.BaseAddress.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");

        // No client-wide timeout: streamed downloads may take long; every other call gets options.Timeout.
        http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// With a token the caller already holds: <paramref name="bearerToken"/> is asked for it before each request.
    /// <paramref name="http"/> must have the gateway as its base address and trust its certificate; it is disposed
    /// with the client.
    /// </summary>
    public RenkeiClient(HttpClient http, Func<CancellationToken, ValueTask<string>> bearerToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bearerToken);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HTTP client needs the gateway as its base address", nameof(http));
        }

        this.http = http;
        this.bearerToken = bearerToken;
        this.timeout = timeout ?? TimeSpan.FromSeconds(100);
    }

    /// <summary>The current token, from the cache or a new one from <c>POST /connect/token</c>.</summary>
    public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var options = this.options ?? throw new InvalidOperationException("this client uses the caller's bearer token and asks none of its own");
        var current = Volatile.Read(ref token);
        if (current is not null && options.Clock.GetUtcNow() < current.ExpiresAt - options.RefreshBeforeExpiry)
        {
            return current;
        }

        await tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = token;
            if (current is not null && options.Clock.GetUtcNow() < current.ExpiresAt - options.RefreshBeforeExpiry)
            {
                return current;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
            });
            using var timeout = Timeout(cancellationToken);
            var asked = options.Clock.GetUtcNow();
            using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), form, timeout.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<TokenBody>(Json, timeout.Token).ConfigureAwait(false)
                ?? throw new RenkeiApiException("the token endpoint answered an empty body");
            current = new AccessToken(body.access_token, asked + TimeSpan.FromSeconds(body.expires_in));
            Volatile.Write(ref token, current);
            return current;
        }
        finally
        {
            tokenGate.Release();
        }
    }

    /// <summary>Revokes the cached token at the gateway (RFC 7009) and forgets it.</summary>
    public async Task RevokeTokenAsync(CancellationToken cancellationToken = default)
    {
        var options = this.options ?? throw new InvalidOperationException("this client uses the caller's bearer token and asks none of its own");
        var current = Interlocked.Exchange(ref token, null);
        if (current is null)
        {
            return;
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = current.Value,
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
        });
        using var timeout = Timeout(cancellationToken);
        using var response = await http.PostAsync(new Uri("connect/revoke", UriKind.Relative), form, timeout.Token).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A supply point's 48 slots of one day.</summary>
    public Task<IntervalsResponse> GetSupplyPointDayAsync(string supplyPointId, DateOnly date, string? direction = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(supplyPointId);
        var query = $"date={Day(date)}" + (direction is null ? string.Empty : $"&direction={Uri.EscapeDataString(direction)}");
        return GetJsonAsync<IntervalsResponse>($"api/v1/supply-points/{Uri.EscapeDataString(supplyPointId)}/intervals?{query}", cancellationToken);
    }

    /// <summary>
    /// Why one value of a supply point is what it is: its meters' bounding reads, rules and multipliers, and every
    /// version it has had (<c>GET /api/v1/supply-points/{id}/intervals/{date}/{slot}/explain</c>).
    /// </summary>
    public Task<ValueExplanation> ExplainValueAsync(string supplyPointId, DateOnly date, int slot, string? direction = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(supplyPointId);
        var path = $"api/v1/supply-points/{Uri.EscapeDataString(supplyPointId)}/intervals/{Day(date)}/{slot.ToString(CultureInfo.InvariantCulture)}/explain"
            + (direction is null ? string.Empty : $"?direction={Uri.EscapeDataString(direction)}");
        return GetJsonAsync<ValueExplanation>(path, cancellationToken);
    }

    /// <summary>
    /// One slot (or the whole day) for all of the retailer's supply points, in the format asked for, streamed into
    /// <paramref name="destination"/>. Answers the number of bytes written.
    /// </summary>
    public Task<long> DownloadIntervalsAsync(IntervalsQuery query, IntervalFormat format, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = $"api/v1/intervals?date={Day(query.Date)}";
        if (query.Slot is { } slot)
        {
            path += "&slot=" + slot.ToString(CultureInfo.InvariantCulture);
        }

        if (query.Voltage is { } voltage)
        {
            path += "&voltage=" + Uri.EscapeDataString(voltage);
        }

        if (query.AsOf is { } asOf)
        {
            path += "&asOf=" + Uri.EscapeDataString(asOf.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        }

        var accept = format switch
        {
            IntervalFormat.Csv => "text/csv",
            IntervalFormat.Xml => "application/xml",
            _ => "application/json",
        };
        return DownloadAsync(path, accept, destination, progress, cancellationToken);
    }

    /// <summary>The monthly fixed usage (確定使用量) of the retailer's supply points, as JSON.</summary>
    public Task<JsonDocument> GetFixedUsageAsync(int year, int month, string? voltage = null, CancellationToken cancellationToken = default) =>
        GetJsonAsync<JsonDocument>(
            string.Create(CultureInfo.InvariantCulture, $"api/v1/fixed-usage?month={year:D4}-{month:D2}") + (voltage is null ? string.Empty : "&voltage=" + Uri.EscapeDataString(voltage)),
            cancellationToken);

    /// <summary>For each slot of a day: when it ended, when its values were available, and whether that met the 60-minute bound.</summary>
    public Task<JsonDocument> GetDeadlinesAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        GetJsonAsync<JsonDocument>($"api/v1/deadlines?date={Day(date)}", cancellationToken);

    /// <summary>The market files (W4…, W5…) the gateway offers for a day.</summary>
    public async Task<IReadOnlyList<FileListItem>> ListFilesAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        using var doc = await GetJsonAsync<JsonDocument>($"api/v1/files?date={Day(date)}", cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root : root.TryGetProperty("files", out var files) ? files : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new RenkeiApiException("the file list is neither an array nor an object with a files array");
        }

        return [.. list.EnumerateArray().Select(f => f.Deserialize<FileListItem>(Json)!)];
    }

    /// <summary>Downloads one file (a ZIP) into <paramref name="destination"/>, reporting the bytes written so far.</summary>
    public Task<long> DownloadFileAsync(string name, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return DownloadAsync($"api/v1/files/{Uri.EscapeDataString(name)}", "application/zip", destination, progress, cancellationToken);
    }

    /// <summary>
    /// The change feed from <paramref name="cursor"/>, page by page. Without <paramref name="follow"/> it ends at the
    /// first empty page; with it, it polls every <see cref="RenkeiClientOptions.FeedPollInterval"/> until cancelled.
    /// Store <see cref="FeedPage.Next"/> after handling a page to resume there. When following, <paramref name="caughtUp"/>
    /// is told the cursor each time the feed is read to its end, before the client waits for more (a caller can say
    /// that it is waiting rather than stalled).
    /// </summary>
    public async IAsyncEnumerable<FeedPage> ReadFeedAsync(long cursor, int? limit = null, bool follow = false, Action<long>? caughtUp = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/feed?cursor={cursor}") + (limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"&limit={l}") : string.Empty);
            FeedPage page;
            using (var doc = await GetJsonAsync<JsonDocument>(path, cancellationToken).ConfigureAwait(false))
            {
                var root = doc.RootElement;
                var items = root.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Array
                    ? [.. i.EnumerateArray().Select(e => e.Clone())]
                    : new List<JsonElement>();
                var next = root.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : cursor;
                var current = root.TryGetProperty("current", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : next;
                page = new FeedPage(items, next, current);
            }

            if (page.Items.Count > 0)
            {
                yield return page;
                cursor = page.Next;
                continue;
            }

            if (!follow)
            {
                yield break;
            }

            caughtUp?.Invoke(cursor);
            await Task.Delay(options?.FeedPollInterval ?? TimeSpan.FromSeconds(5), options?.Clock ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Registers an HTTPS URL for slot notices; the answer holds the signing secret, shown only now.</summary>
    public async Task<WebhookCreated> RegisterWebhookAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks", UriKind.Relative))
        {
            Content = JsonContent.Create(new WebhookRequest(url.OriginalString), options: Json),
        }, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<WebhookCreated>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebhookSummary>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        (await GetJsonAsync<WebhookList>("api/v1/webhooks", cancellationToken).ConfigureAwait(false)).Webhooks;

    public async Task RemoveWebhookAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, new Uri($"api/v1/webhooks/{Uri.EscapeDataString(id)}", UriKind.Relative)),
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A webhook's notices, newest first, with every attempt (time, status code or error) and the next retry.</summary>
    public async Task<IReadOnlyList<DeliveryView>> GetWebhookDeliveriesAsync(string id, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var path = $"api/v1/webhooks/{Uri.EscapeDataString(id)}/deliveries" + (limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"?limit={l}") : string.Empty);
        return (await GetJsonAsync<DeliveryList>(path, cancellationToken).ConfigureAwait(false)).Deliveries;
    }

    public void Dispose()
    {
        http.Dispose();
        tokenGate.Dispose();
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var timeout = Timeout(cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token).ConfigureAwait(false)
            ?? throw new RenkeiApiException($"{(int)response.StatusCode}: empty body");
    }

    private async Task<long> DownloadAsync(string path, string accept, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
                return request;
            },
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            progress?.Report(0);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }

            return total;
        }
    }

    /// <summary>
    /// Sends with the current token; on 401 gets a new token and sends once more (with the caller's token: once,
    /// the 401 is the answer).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            AccessToken? current = null;
            string bearer;
            if (bearerToken is not null)
            {
                bearer = await bearerToken(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                current = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
                bearer = current.Value;
            }

            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            HttpResponseMessage response;
            if (completion == HttpCompletionOption.ResponseContentRead)
            {
                using var timeout = Timeout(cancellationToken);
                response = await http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || current is null)
            {
                return response;
            }

            response.Dispose();
            Interlocked.CompareExchange(ref token, null, current);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RenkeiApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    private static string Day(DateOnly date) => DateText.Format(date);

    private static SocketsHttpHandler CreateHandler(RenkeiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ssl = new SslClientAuthenticationOptions();
        if (options.ServerCertificate is { } pinned)
        {
            var hash = pinned.GetCertHashString();
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), hash, StringComparison.OrdinalIgnoreCase);
        }

        if (options.ClientCertificate is { } mine)
        {
            ssl.ClientCertificates = [mine];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => mine;
        }

        return new SocketsHttpHandler { SslOptions = ssl, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    }
}
