using System.Net;
using System.Text.Json;
using Renkei.Metering.Tests.Provision;

namespace Renkei.Metering.Tests.Hes;

/// <summary>The HES's door over real HTTP (a real HttpClient against the node's Kestrel listener): a batch over the body limit.</summary>
public sealed class HesApiTests
{
    /// <summary>Kestrel's default body limit of the metering node.</summary>
    private const long Limit = 30_000_000;

    [Fact]
    public async Task PostReads_ChunkedBodyPassingTheLimit_413ProblemDetails()
    {
        await using var host = await ProvisionHost.StartAsync();
        var client = host.ClientFor("-", host.HesKey, "hes");

        using var response = await client.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), new ZeroContent(Limit + (64 * 1024), declareLength: false));

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task PostReads_ExpectContinueWithADeclaredBodyOverTheLimit_413BeforeTheBodyIsSent()
    {
        await using var host = await ProvisionHost.StartAsync();
        var signer = new Renkei.Hosting.InternalAuth.InternalCallerSigner(host.HesKey, "hes", TimeProvider.System);

        // The client waits for the node's answer to Expect: 100-continue as long as the test allows, so a body that is
        // sent at all was asked for (by a 100 Continue).
        using var client = new HttpClient(new Renkei.Hosting.InternalAuth.InternalCallerHandler(signer, Renkei.Metering.MeteringHostOptions.Audience)
        {
            InnerHandler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) },
        })
        {
            BaseAddress = host.Url,
        };
        var body = new ZeroContent(Limit + 1, declareLength: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("internal/v1/hes/reads", UriKind.Relative)) { Content = body };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response);
        Assert.Equal(0, body.Written);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal(Limit, problem.GetProperty("limit").GetInt64());
    }

    /// <summary>A body of zero bytes written in 64 KiB pieces, with or without a Content-Length (chunked).</summary>
    private sealed class ZeroContent(long length, bool declareLength) : HttpContent
    {
        public long Written { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = new byte[64 * 1024];
            while (Written < length)
            {
                var n = (int)Math.Min(piece.Length, length - Written);
                await stream.WriteAsync(piece.AsMemory(0, n));
                Written += n;
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return declareLength;
        }
    }
}
