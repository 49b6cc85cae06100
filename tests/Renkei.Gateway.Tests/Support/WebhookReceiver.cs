using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// A retailer's webhook endpoint: real Kestrel with TLS on loopback and a self-signed certificate for 127.0.0.1. It
/// records every POST (headers and exact body bytes) and answers the status codes queued in <see cref="Answers"/>
/// (200 once the queue is empty).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<Received> received = Channel.CreateUnbounded<Received>();

    private WebhookReceiver(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<int> Answers { get; } = new();

    public int Count { get; private set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, certificate);
        app.MapPost("/hooks/renkei", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var status = receiver.Answers.TryDequeue(out var queued) ? queued : 200;
            receiver.Count++;
            await receiver.received.Writer.WriteAsync(new Received(headers, body.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First() + "/hooks/renkei");
        return receiver;
    }

    /// <summary>The next POST received (waits for it, at most <paramref name="within"/>).</summary>
    public async Task<Received> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        return await received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out Received? next) => received.Reader.TryRead(out next);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=retailer webhook receiver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    public sealed record Received(IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);
}
