using System.Net.Http.Json;
using System.Text;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// The hub's client of one area's TSO node (<see cref="Node.TsoApi"/>): sends an order from the outbox as it was
/// stored, with the hub's caller proof addressed to that area (<see cref="TsoRoutes.AudienceFor"/>), and
/// returns the TSO's answer. No answer (unreachable, timeout, any status but 200) throws
/// <see cref="TsoUnavailableException"/>: the order stays pending and is sent again.
/// </summary>
public sealed class TsoClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Func<Uri> baseAddress;

    /// <param name="area">The area the node serves.</param>
    /// <param name="baseAddress">The node's base address, asked for at each call (the node may start later).</param>
    /// <param name="signer">Mints the hub's proofs.</param>
    /// <param name="timeout">How long to wait for an answer; 30 s by default.</param>
    public TsoClient(int area, Func<Uri> baseAddress, InternalCallerSigner signer, TimeSpan? timeout = null)
    {
        Area = area;
        this.baseAddress = baseAddress;
        http = new HttpClient(new InternalCallerHandler(signer, TsoRoutes.AudienceFor(area)) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
    }

    public int Area { get; }

    /// <summary>Sends <paramref name="order"/> (its stored body) and returns the TSO's answer.</summary>
    internal async Task<TsoSwitchResult> SendAsync(TsoOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var path = order.Kind switch
        {
            TsoOrderKinds.Switch => TsoRoutes.SwitchesPath(Area),
            TsoOrderKinds.Ampere => TsoRoutes.AmpereChangesPath(Area),
            TsoOrderKinds.CustomerDetails => TsoRoutes.CustomerDetailsPath(Area),
            _ => TsoRoutes.SupplyChangesPath(Area),
        };
        try
        {
            using var content = new StringContent(order.Body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(baseAddress(), path), content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new TsoUnavailableException($"the TSO of area {Area:D2} answered {(int)response.StatusCode}: {(detail.Length > 300 ? detail[..300] : detail)}");
            }

            return await response.Content.ReadFromJsonAsync<TsoSwitchResult>(TsoRoutes.Json, cancellationToken).ConfigureAwait(false)
                ?? throw new TsoUnavailableException($"the TSO of area {Area:D2} sent an empty answer");
        }
        catch (HttpRequestException e)
        {
            throw new TsoUnavailableException($"the TSO of area {Area:D2} is not reachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TsoUnavailableException($"the TSO of area {Area:D2} did not answer in time", e);
        }
    }

    /// <summary>The node's supply-point changes after <paramref name="after"/> (the hub's cursor).</summary>
    internal Task<PointChangePage> ReadPointChangesAsync(long after, int limit, CancellationToken cancellationToken) =>
        GetAsync<PointChangePage>(TsoRoutes.PointChangesPath(Area, after, limit), cancellationToken);

    /// <summary>One page of the node's area's wheeling contracts: the points after <paramref name="after"/> (for the hub's reconciliation).</summary>
    internal Task<ContractPeriodPage> ReadContractsAsync(string? after, int limit, CancellationToken cancellationToken) =>
        GetAsync<ContractPeriodPage>(TsoRoutes.ContractsPath(Area, after, limit), cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseAddress(), path), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TsoUnavailableException($"the TSO of area {Area:D2} answered {(int)response.StatusCode} to GET {path}");
            }

            return await response.Content.ReadFromJsonAsync<T>(TsoRoutes.Json, cancellationToken).ConfigureAwait(false)
                ?? throw new TsoUnavailableException($"the TSO of area {Area:D2} sent an empty answer");
        }
        catch (HttpRequestException e)
        {
            throw new TsoUnavailableException($"the TSO of area {Area:D2} is not reachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TsoUnavailableException($"the TSO of area {Area:D2} did not answer in time", e);
        }
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A TSO node gave no answer to an order; the order stays pending.</summary>
public sealed class TsoUnavailableException : Exception
{
    public TsoUnavailableException()
    {
    }

    public TsoUnavailableException(string message)
        : base(message)
    {
    }

    public TsoUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
