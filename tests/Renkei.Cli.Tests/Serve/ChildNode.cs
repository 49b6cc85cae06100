using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Cli.Tests.Serve;

/// <summary>A real <c>renkei serve metering</c> child process, killable with SIGKILL.</summary>
internal sealed class ChildNode : IAsyncDisposable
{
    private readonly Process process;

    private ChildNode(Process process, Uri url, Uri? http2Url, string dataDirectory)
    {
        this.process = process;
        Url = url;
        Http2Url = http2Url;

        // Sign as the operator, with the key the process created in its data folder.
        var key = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", Cli.Serve.ServeCommand.OperatorKeyFile));
        var signer = new InternalCallerSigner(key, Cli.Serve.ServeCommand.OperatorIssuer, TimeProvider.System);
        Http = new HttpClient(new InternalCallerHandler(signer, Metering.MeteringHostOptions.Audience) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Unsigned = new HttpClient { BaseAddress = url };
    }

    /// <summary>A client without a caller proof.</summary>
    public HttpClient Unsigned { get; }

    public Uri Url { get; }

    /// <summary>The cleartext HTTP/2 port's base URL (<c>--http2-port</c>), or null.</summary>
    public Uri? Http2Url { get; }

    public HttpClient Http { get; }

    public static async Task<ChildNode> StartAsync(string dataDirectory, string registryPath, bool http2 = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "renkei.dll"), "serve", "metering", "--data", dataDirectory, "--registry", registryPath, "--port", "0", "--window-days", "3" })
        {
            start.ArgumentList.Add(arg);
        }

        if (http2)
        {
            start.ArgumentList.Add("--http2-port");
            start.ArgumentList.Add("0");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start renkei");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException("renkei serve metering exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            const string prefix = "metering listening on ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var url = line[prefix.Length..].Split(' ')[0];
                const string http2Prefix = "(HTTP/2 for the gateway on ";
                var at = line.IndexOf(http2Prefix, StringComparison.Ordinal);
                var http2Url = at < 0 ? null : new Uri(line[(at + http2Prefix.Length)..line.IndexOf(')', at)] + "/");
                return new ChildNode(process, new Uri(url + "/"), http2Url, dataDirectory);
            }
        }
    }

    /// <summary>Posts a reads batch; <paramref name="sent"/>, when given, completes once the whole body is on the wire.</summary>
    public async Task<JsonElement> PostReadsAsync(string csv, TaskCompletionSource? sent = null)
    {
        using var content = new SentContent(new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), sent);
        using var response = await Http.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<long> AcceptedReadsAsync()
    {
        var status = await Http.GetFromJsonAsync<JsonElement>(new Uri("internal/v1/status", UriKind.Relative));
        return status.GetProperty("acceptedReads").GetInt64();
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Unsigned.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>A request body that says when it has been written to the connection.</summary>
    private sealed class SentContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly TaskCompletionSource? sent;

        public SentContent(HttpContent inner, TaskCompletionSource? sent)
        {
            this.inner = inner;
            this.sent = sent;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await inner.CopyToAsync(stream);
            await stream.FlushAsync();
            sent?.TrySetResult();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
