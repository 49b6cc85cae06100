using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Switching.Applications.IF_10310_UsageValues;

/// <summary>
/// Reads usage from the metering node's internal API (<c>GET /internal/v1/usage-history/{id}</c>, one call for the
/// whole period), with the switching node's own signed caller proof (issuer <see cref="CallerName"/>), which the
/// metering node trusts for that route only.
/// </summary>
public sealed class MeteringUsageSource : IUsageValuesSource, IDisposable
{
    /// <summary>The switching node's name as an internal caller (the issuer of its proofs).</summary>
    public const string CallerName = "switching";

    /// <summary>The metering node's audience name (as in MeteringHostOptions.Audience).</summary>
    public const string MeteringAudience = "metering";

    /// <summary>The only path prefix the switching node calls on the metering node.</summary>
    public const string PathPrefix = "/internal/v1/usage-history/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly Func<Uri> baseAddress;

    /// <param name="baseAddress">The metering node's base address, asked for at each call (the node may start after this one).</param>
    /// <param name="signer">Mints the switching node's proofs.</param>
    public MeteringUsageSource(Func<Uri> baseAddress, InternalCallerSigner signer)
    {
        this.baseAddress = baseAddress;
        http = new HttpClient(new InternalCallerHandler(signer, MeteringAudience) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<UsageHistory?> GetAsync(string supplyPointId, DateOnly from, DateOnly until, bool halfHourly, CancellationToken cancellationToken)
    {
        var uri = new Uri(baseAddress(), string.Create(
            CultureInfo.InvariantCulture,
            $"{PathPrefix.TrimStart('/')}{Uri.EscapeDataString(supplyPointId)}?from={from:yyyy-MM-dd}&to={until:yyyy-MM-dd}&slots={(halfHourly ? "true" : "false")}"));
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new UsageValuesUnavailableException($"the metering node answered {(int)response.StatusCode} for {supplyPointId}");
            }

            return await response.Content.ReadFromJsonAsync<UsageHistory>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageValuesUnavailableException("the metering node sent an empty answer");
        }
        catch (HttpRequestException e)
        {
            throw new UsageValuesUnavailableException("the metering node is not reachable", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UsageValuesUnavailableException("the metering node did not answer in time", e);
        }
    }

    public void Dispose() => http.Dispose();
}
