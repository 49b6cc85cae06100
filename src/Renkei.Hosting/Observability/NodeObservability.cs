using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Renkei.Hosting.Observability;

/// <summary>
/// Every node's metrics, traces, health and alerts, wired once: each host calls
/// <see cref="AddNodeObservability"/>. The node gets an operations listener of its own (loopback by default, never a
/// public interface) that answers <c>GET /metrics</c> (Prometheus text), <c>/health/live</c>, <c>/health/ready</c>
/// and <c>/alerts</c>, without authentication and nothing else; the node's other listeners never answer these paths
/// themselves (they fall through to the node's own routes, i.e. its 401/404).
/// </summary>
public static class NodeObservability
{
    public const string MetricsPath = "/metrics";

    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    public const string AlertsPath = "/alerts";

    /// <summary>The tag of the health checks <c>/health/ready</c> runs (a zone adds its store's check with it).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Metrics (ASP.NET Core, HttpClient, runtime, EF Core's and Npgsql's meters, Renkei's own <see cref="RenkeiMeters"/>)
    /// with a Prometheus scrape endpoint; traces (ASP.NET Core, HttpClient, EF Core, Npgsql) only when
    /// <see cref="NodeObservabilityOptions.OtlpEndpoint"/> is set; the health checks and alert sources common to every
    /// node (free space under <paramref name="dataDirectory"/>, the audit logs); and the operations listener.
    /// </summary>
    public static WebApplicationBuilder AddNodeObservability(this WebApplicationBuilder builder, string node, string dataDirectory, NodeObservabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        options ??= new NodeObservabilityOptions();
        var listener = new OpsListener();
        var services = builder.Services;
        services.AddSingleton(listener);
        services.AddSingleton(new NodeName(node));
        services.AddSingleton(options);
        services.AddSingleton(new DiskSpace([dataDirectory, .. options.Folders], options));
        services.AddSingleton<INodeConditions>(sp => sp.GetRequiredService<DiskSpace>());
        services.AddSingleton<AuditLogConditions>();
        services.AddSingleton<INodeConditions>(sp => sp.GetRequiredService<AuditLogConditions>());
        services.AddSingleton<NodeConditions>();
        services.AddSingleton<NodeGauges>();
        services.AddHealthChecks().AddCheck<NodeReadiness>("node", tags: [ReadyTag]);

        if (options.Port is { } port)
        {
            // After the host's own listeners (PostConfigure): the node's first URL stays its API's.
            services.PostConfigure<KestrelServerOptions>(k => k.Listen(options.Address, port, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                listener.Listen = l;
            }));
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("renkei-" + node, serviceInstanceId: node + "@" + Environment.MachineName))
            .WithMetrics(m =>
            {
                m.AddMeter(RenkeiMeters.All)
                    .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (options.OtlpEndpoint is { } otlp)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });

        // No tracer provider without an endpoint: nothing then starts an Activity per request for traces.
        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource("Npgsql")
                .AddOtlpExporter(o => o.Endpoint = endpoint));
        }

        services.AddTransient<IStartupFilter>(_ => new OpsEndpoints(listener));
        return builder;
    }

    /// <summary>The operations listener's base URL once the node has started (<c>http://127.0.0.1:41234/</c>), or null when it has none.</summary>
    public static Uri? OpsUrl(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<OpsListener>()?.Url;
    }

    /// <summary>The node's faults now (what <c>/alerts</c> and the operator routes answer).</summary>
    public static Formats.Api.Operations.NodeAlerts Alerts(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<NodeConditions>().Report();
    }

    /// <summary>Where the node's operations listener is bound (known once the host has started).</summary>
    internal sealed class OpsListener
    {
        public ListenOptions? Listen { get; set; }

        public Uri? Url => Listen?.IPEndPoint is { Port: > 0 } bound ? new Uri($"http://{bound}/") : null;

        /// <summary>Whether the request came in on the operations listener (its local port, which no other listener shares).</summary>
        public bool Owns(HttpContext context) => Listen?.IPEndPoint is { Port: > 0 } bound && context.Connection.LocalPort == bound.Port;
    }

    /// <summary>Puts the operations endpoints in front of the node's own pipeline, for the operations listener only.</summary>
    private sealed class OpsEndpoints(OpsListener listener) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // The gauges observe from the first collection on.
            app.ApplicationServices.GetRequiredService<NodeGauges>();
            app.MapWhen(listener.Owns, ops =>
            {
                ops.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == MetricsPath);
                ops.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
                ops.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
                ops.Run(context =>
                {
                    if (context.Request.Path == AlertsPath && HttpMethods.IsGet(context.Request.Method))
                    {
                        return context.Response.WriteAsJsonAsync(Alerts(context.RequestServices), context.RequestAborted);
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
            next(app);
        };
    }

    /// <summary>The status, then each unhealthy check with its reason, one per line (plain text).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append(name).Append(": ").Append(entry.Status).Append(' ').Append(entry.Description ?? entry.Exception?.Message).Append('\n');
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
