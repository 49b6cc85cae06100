using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Renkei.Domain.Time;
using Renkei.Formats.Market;
using Renkei.Formats.Text;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// The market's zipped XML files, per retailer: listed for a date (<c>GET …/files?date=</c>) and downloaded one by one
/// (<c>GET …/files/{name}</c>). Files are made lazily: the listing is computed from what is published, and a file is
/// written (zip of one XML document, as of the instant its update was created) on its first download, then served
/// from the cache (<c>&lt;files&gt;/&lt;retailer&gt;/&lt;name&gt;.zip</c>). Its content is fixed by its name — the
/// values as published at the update's creation — so a cached file never goes stale. Every retailer has its own set:
/// a name outside the caller's set is 404, whether another retailer has a file of that name or not.
/// </summary>
internal static class RetailerFiles
{
    public const string Zip = "application/zip";

    internal static async Task List(HttpContext context, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods, ReadingScheduleReadModel schedules, UsageRevisionArchive archive, ProvisionOptions options, TimeProvider clock)
    {
        if (RetailerRequest.CheckDayRequest(context, out var retailer, out var date) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var files = new List<FileListItem>();
        foreach (var f in FilesOn(date, retailer, engine, registry, contracts, periods, schedules, archive, options, clock.GetUtcNow()))
        {
            var cached = new FileInfo(CachePath(options, retailer, f.Name));
            files.Add(new FileListItem(
                f.Name.ZipName,
                "W" + (f.Name.Kind == MarketFileKind.FixedUsage ? "5" : "4") + f.Name.Kind4,
                f.Name.High ? "high" : "low",
                DateText.Format(f.Name.Date),
                f.Name.Slot,
                f.Name.Update,
                f.Name.Part,
                f.Created,
                cached.Exists ? cached.Length : null));
        }

        await TypedResults.Ok(new FileList(DateText.Format(date), files)).ExecuteAsync(context).ConfigureAwait(false);
    }

    internal static async Task Download(string name, HttpContext context, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods, ReadingScheduleReadModel schedules, UsageRevisionArchive archive, ProvisionOptions options, TimeProvider clock)
    {
        if (!RetailerRequest.TryRetailer(context, out var retailer))
        {
            await RetailerRequest.NotRetailer().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (RetailerRequest.CheckQuery(context.Request) is { } unknown)
        {
            await unknown.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var xml = false;
        var accept = context.Request.Headers.Accept;
        if (accept.Count > 0)
        {
            if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
            {
                ranges = [];
            }

            var best = -1.0;
            foreach (var range in ranges)
            {
                var q = range.Quality ?? 1.0;
                var type = range.MediaType.Value?.ToLowerInvariant();
                if (q > 0 && q > best && type is Zip or "*/*" or "application/*" or "application/xml" or "text/xml")
                {
                    xml = type is "application/xml" or "text/xml";
                    best = q;
                }
            }

            if (best < 0)
            {
                await RetailerRequest.NotAcceptable("application/zip or application/xml").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        var entry = default(FileEntry);
        if (MarketFileName.TryParseZipName(name, out var parsed))
        {
            foreach (var f in FilesOn(parsed.Date, retailer, engine, registry, contracts, periods, schedules, archive, options, clock.GetUtcNow()))
            {
                if (f.Name == parsed)
                {
                    entry = f;
                    break;
                }
            }
        }

        if (entry.Name == default)
        {
            await RetailerRequest.Problem(StatusCodes.Status404NotFound, "Not found", "name", $"no file {name} for this retailer").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var path = CachePath(options, retailer, entry.Name);
        if (!File.Exists(path))
        {
            await GenerateAsync(path, entry, retailer, engine, registry, contracts, periods, options, context.RequestAborted).ConfigureAwait(false);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (!xml)
            {
                context.Response.ContentType = Zip;
                context.Response.ContentLength = file.Length;
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{entry.Name.ZipName}\"";
                await file.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            var inner = zip.Entries[0].Open();
            await using (inner.ConfigureAwait(false))
            {
                context.Response.ContentType = ContentFormats.XmlMediaType;
                await inner.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The caller's files on a date: per voltage it holds points of, each published slot's file (with its updates), the
    /// day's file once all 48 slots are published, and on a scheduled reading day the fixed usage of the points whose
    /// reading period that day's reading closes (with its updates), for <see cref="UsageRevisionArchive.ListedDays"/> days after it.
    /// </summary>
    internal static List<FileEntry> FilesOn(DateOnly date, string retailer, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods, ReadingScheduleReadModel schedules, UsageRevisionArchive archive, ProvisionOptions options, DateTimeOffset now)
    {
        var result = new List<FileEntry>();
        var holdings = contracts.HoldingsOf(retailer);
        foreach (var high in (bool[])[true, false])
        {
            var filter = high ? VoltageFilter.High : VoltageFilter.Low;
            var points = new RetailerPoints(holdings, date, date.AddDays(1), filter, registry).Count();
            if (points > 0)
            {
                var parts = (points + options.PointsPerPart - 1) / options.PointsPerPart;
                var dayPublished = DateTimeOffset.MinValue;
                var revisions = new List<Revision>();
                for (var k = 1; k <= Slot.PerDay; k++)
                {
                    var slot = new Slot(date, k);
                    var timeline = engine.TimelineOf(slot);
                    if (timeline.PublishedAt is not { } published || published > now)
                    {
                        dayPublished = DateTimeOffset.MaxValue;
                        continue;
                    }

                    if (dayPublished != DateTimeOffset.MaxValue && published > dayPublished)
                    {
                        dayPublished = published;
                    }

                    var slotRevisions = RetailerRevisions(engine.RevisionsIn(slot), retailer, high, registry, contracts);
                    revisions.AddRange(slotRevisions);
                    AddUpdates(result, new MarketFileName(MarketFileKind.Slot, high, date, k, 1, 1), published, slotRevisions.ConvertAll(r => r.At), parts, now);
                }

                if (dayPublished != DateTimeOffset.MaxValue)
                {
                    AddUpdates(result, new MarketFileName(MarketFileKind.Day, high, date, null, 1, 1), dayPublished, revisions.ConvertAll(r => r.At), parts, now);
                }
            }

            // A scheduled reading day lists the fixed usage of the periods it closes, once their last slot is published,
            // for as long as the archive keeps the revisions its updates are counted from.
            if (schedules.AnyReadingOn(date) && date >= Jst.DateOf(now).AddDays(-UsageRevisionArchive.ListedDays))
            {
                var last = new Slot(date.AddDays(-1), Slot.PerDay);
                var closed = engine.TimelineOf(last).PublishedAt ?? (now > last.End + TimeSpan.FromDays(1) ? last.End : (DateTimeOffset?)null);
                var usagePoints = new ReadingPeriodPoints(holdings, date.Year, date.Month, date, filter, registry, periods).Count();
                if (closed is { } at && at <= now && usagePoints > 0)
                {
                    var parts = (usagePoints + options.PointsPerPart - 1) / options.PointsPerPart;
                    var revisedAt = UsageRevisions(engine, archive, date, retailer, high, registry, contracts, periods);
                    AddUpdates(result, new MarketFileName(MarketFileKind.FixedUsage, high, date, null, 1, 1), at, revisedAt, parts, now);
                }
            }
        }

        return result;
    }

    internal static string CachePath(ProvisionOptions options, string retailer, MarketFileName name) =>
        Path.Combine(options.FilesDirectory ?? throw new InvalidOperationException("no files directory"), retailer, name.ZipName);

    /// <summary>
    /// The instants at which the values in the fixed-usage file of <paramref name="reading"/> were revised: of the
    /// caller's points of the voltage whose reading period that day closes, on days of the period it held, from the
    /// revision log (the window) and from the revisions that left it (<paramref name="archive"/>). Each re-issues the
    /// file (a later value, or a point that became fixed).
    /// </summary>
    private static List<DateTimeOffset> UsageRevisions(IntervalEngine engine, UsageRevisionArchive archive, DateOnly reading, string retailer, bool high, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods)
    {
        var revisedAt = new List<DateTimeOffset>();
        for (var day = reading.AddDays(-UsagePeriod.MaxDays); day < reading; day = day.AddDays(1))
        {
            for (var k = 1; k <= Slot.PerDay; k++)
            {
                var slot = new Slot(day, k);
                foreach (var r in engine.RevisionsIn(slot))
                {
                    var meter = registry[r.Ordinal];
                    if (r.Direction == Direction.Import && InFile(meter.SupplyPointId.Value, meter.VoltageClass != VoltageClass.Low))
                    {
                        revisedAt.Add(r.At);
                    }
                }

                foreach (var a in archive.In(slot))
                {
                    if (InFile(a.SupplyPoint, a.High))
                    {
                        revisedAt.Add(a.At);
                    }
                }

                bool InFile(string point, bool pointHigh) =>
                    pointHigh == high
                    && contracts.MayRead(retailer, point, day)
                    && periods.Of(point, reading.Year, reading.Month).Period is { } p && p.To == reading && p.From <= day;
            }
        }

        return revisedAt;
    }

    private static List<Revision> RetailerRevisions(IReadOnlyList<Revision> all, string retailer, bool high, MeterRegistry registry, ContractReadModel contracts)
    {
        var mine = new List<Revision>();
        foreach (var r in all)
        {
            var meter = registry[r.Ordinal];
            if (r.Direction == Direction.Import
                && (meter.VoltageClass != VoltageClass.Low) == high
                && contracts.MayRead(retailer, meter.SupplyPointId.Value, r.Slot.Date))
            {
                mine.Add(r);
            }
        }

        return mine;
    }

    /// <summary>Update 01 as published; one more update per distinct instant at which the retailer's values in it were revised (at most 99).</summary>
    private static void AddUpdates(List<FileEntry> result, MarketFileName first, DateTimeOffset published, List<DateTimeOffset> revisedAt, int parts, DateTimeOffset now)
    {
        var instants = new SortedSet<DateTimeOffset> { published };
        foreach (var at in revisedAt)
        {
            if (at > published && at <= now)
            {
                instants.Add(at);
            }
        }

        var update = 0;
        foreach (var at in instants)
        {
            // Past 99 updates, the last number is kept for the newest values.
            update = Math.Min(update + 1, 99);
            if (update == 99 && at != instants.Max)
            {
                continue;
            }

            for (var p = 1; p <= parts; p++)
            {
                result.Add(new FileEntry(first with { Update = update, Part = p }, at, at));
            }
        }
    }

    private static async Task GenerateAsync(string path, FileEntry entry, string retailer, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods, ProvisionOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        var name = entry.Name;
        var filter = name.High ? VoltageFilter.High : VoltageFilter.Low;
        var holdings = contracts.HoldingsOf(retailer);
        var skip = (name.Part - 1) * options.PointsPerPart;
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
            await using (stream.ConfigureAwait(false))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var zipEntry = zip.CreateEntry(name + ".xml", CompressionLevel.Fastest);
                    var inner = zipEntry.Open();
                    await using (inner.ConfigureAwait(false))
                    {
                        var pipe = PipeWriter.Create(inner, new StreamPipeWriterOptions(leaveOpen: true));
                        using (var sink = new XmlIntervalSink(pipe))
                        {
                            if (name.Kind == MarketFileKind.FixedUsage)
                            {
                                // The points whose reading period the file's reading day closes, as published when its update was made.
                                var points = new ReadingPeriodPoints(holdings, name.Date.Year, name.Date.Month, name.Date, filter, registry, periods).Window(skip, options.PointsPerPart);
                                var info = new DocumentInfo(name.Kind4, options.SenderCode, options.SenderName, retailer, name.Date, null, filter, entry.Created, entry.AsOf);
                                var cut = engine.CutAt(entry.AsOf ?? entry.Created);
                                await IntervalExport.WriteUsageAsync(sink, info, name.Date.Year, name.Date.Month, points, engine, cut, cancellationToken).ConfigureAwait(false);
                            }
                            else
                            {
                                var points = new RetailerPoints(holdings, name.Date, name.Date.AddDays(1), filter, registry).Window(skip, options.PointsPerPart);
                                var info = new DocumentInfo(name.Kind4, options.SenderCode, options.SenderName, retailer, name.Date, name.Slot, filter, entry.Created, entry.AsOf);
                                var cut = engine.CutAt(entry.AsOf ?? entry.Created);
                                if (name.Slot is { } k)
                                {
                                    await IntervalExport.WriteSlotAsync(sink, info, points, engine, engine.PrepareSlot(new Slot(name.Date, k), cut), cancellationToken).ConfigureAwait(false);
                                }
                                else
                                {
                                    await IntervalExport.WriteDayAsync(sink, info, points, engine, cut, cancellationToken).ConfigureAwait(false);
                                }
                            }
                        }

                        await pipe.CompleteAsync().ConfigureAwait(false);
                    }
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>A file the caller may download: its name, when its update was created, and the instant its values are as of.</summary>
internal readonly record struct FileEntry(MarketFileName Name, DateTimeOffset Created, DateTimeOffset? AsOf);
