using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Renkei.Formats.Market;

namespace Renkei.Metering.Provision;

/// <summary>The three bulk formats and the <c>Accept</c> negotiation between them.</summary>
internal enum ContentFormat
{
    Json = 0,
    Csv = 1,
    Xml = 2,
}

internal static class ContentFormats
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Xml = "application/xml";

    /// <summary>The market's XML is MS932 (docs/formats.md), so its answers say so.</summary>
    public const string XmlMediaType = "application/xml; charset=" + MarketEncoding.Charset;

    /// <summary>
    /// The format the <c>Accept</c> header asks for, by its quality order: <c>application/json</c>, <c>text/csv</c>,
    /// <c>application/xml</c> (or <c>text/xml</c>); no header, <c>*/*</c> or <c>application/*</c> mean JSON,
    /// <c>text/*</c> CSV. False when nothing acceptable is offered (406).
    /// </summary>
    public static bool TryNegotiate(HttpRequest request, out ContentFormat format)
    {
        format = ContentFormat.Json;
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return false;
        }

        var best = -1.0;
        var found = false;
        foreach (var range in ranges)
        {
            var q = range.Quality ?? 1.0;
            if (q <= 0 || q <= best)
            {
                continue;
            }

            ContentFormat? f = range.MediaType.Value?.ToLowerInvariant() switch
            {
                "application/json" or "*/*" or "application/*" => ContentFormat.Json,
                "text/csv" or "text/*" => ContentFormat.Csv,
                "application/xml" or "text/xml" => ContentFormat.Xml,
                _ => null,
            };
            if (f is { } chosen)
            {
                format = chosen;
                best = q;
                found = true;
            }
        }

        return found;
    }

    public static string MediaType(this ContentFormat format) => format switch
    {
        ContentFormat.Csv => "text/csv; charset=utf-8",
        ContentFormat.Xml => XmlMediaType,
        _ => "application/json; charset=utf-8",
    };

    internal static IntervalSink SinkFor(ContentFormat format, PipeWriter output) => format switch
    {
        ContentFormat.Csv => new CsvIntervalSink(output),
        ContentFormat.Xml => new XmlIntervalSink(output),
        _ => new JsonIntervalSink(output),
    };
}
