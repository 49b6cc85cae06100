using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Formats.Api.Metering;
using Renkei.Hosting.Http;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Simulator.HeadEnd;

/// <summary>
/// The head-end's own door, on loopback: <c>POST /internal/v1/hes/rereads</c>, where the metering node asks for
/// reads again (<see cref="RereadDesk"/>). Every request carries a caller proof addressed to <see cref="Audience"/>,
/// as every internal call; only the callers of <see cref="HeadEndHostOptions.Callers"/> get through.
/// </summary>
public static class HeadEndHost
{
    /// <summary>The name the metering node addresses its proofs to.</summary>
    public const string Audience = "hes";

    /// <summary>The re-read route.</summary>
    public const string RereadsPath = "/internal/v1/hes/rereads";

    public static WebApplication Build(HeadEndHostOptions options, RereadDesk desk, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(desk);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Simulator",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSingleton(desk);
        builder.Services.AddInternalCallerTrust(options.Callers);
        builder.Services.AddJsonBodies();
        var app = builder.Build();
        app.UseRequestProblems();
        app.UseInternalCallerProof();
        app.MapPost(RereadsPath, Reread);
        return app;
    }

    /// <summary>The base address the started head-end listens on.</summary>
    public static Uri UrlOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }

    internal static Results<Accepted<RereadAcknowledgement>, ProblemHttpResult> Reread(RereadRequest request, RereadDesk desk)
    {
        if (request.Reads is null || request.Reads.Count > RereadRequest.MaxReads)
        {
            return Refuse("reads", string.Create(CultureInfo.InvariantCulture, $"reads must list 0 to {RereadRequest.MaxReads} reads"));
        }

        for (var i = 0; i < request.Reads.Count; i++)
        {
            var item = request.Reads[i];
            if (item is null || string.IsNullOrEmpty(item.MeterId))
            {
                return Refuse(string.Create(CultureInfo.InvariantCulture, $"reads[{i}].meterId"), "a meter ID is required");
            }

            if (item.Direction is not ("import" or "export"))
            {
                return Refuse(string.Create(CultureInfo.InvariantCulture, $"reads[{i}].direction"), "direction must be import or export");
            }

            if (!Renkei.Domain.Time.Slot.IsBoundary(item.ReadAt))
            {
                return Refuse(string.Create(CultureInfo.InvariantCulture, $"reads[{i}].readAt"), "readAt must be a 30-minute boundary");
            }
        }

        return TypedResults.Accepted((string?)null, desk.Take(request));
    }

    private static ProblemHttpResult Refuse(string field, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid re-read request", extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>How to start the head-end's door.</summary>
public sealed class HeadEndHostOptions
{
    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Who may ask for re-reads (the metering node). Default: nobody, every request is refused.</summary>
    public InternalCallerTrust Callers { get; init; } = new() { Audience = HeadEndHost.Audience };
}
