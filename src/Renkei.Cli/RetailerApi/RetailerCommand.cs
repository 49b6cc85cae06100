using System.CommandLine;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using Renkei.Client;
using Renkei.Formats.Market;
using Renkei.Formats.Switching.Bulk;
using Renkei.Formats.Text;

namespace Renkei.Cli.RetailerApi;

/// <summary>
/// <c>renkei retailer …</c>: what a retailer system does with the gateway, from the command line, through
/// <see cref="RenkeiClient"/>: get a token, read a supply point's day or a slot in any format, explain one value, follow the feed, list
/// and download files, manage webhooks. Refusals print the problem details and exit 1; an unreachable gateway or
/// missing settings exit 2.
/// </summary>
internal static class RetailerCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Option<string?> Gateway = new("--gateway") { Description = $"Gateway base URL (else {RetailerConnection.GatewayVariable}, else demo.json)", Recursive = true };
    private static readonly Option<string?> ClientId = new("--client-id") { Description = $"OAuth2 client ID (else {RetailerConnection.ClientIdVariable}, else demo.json)", Recursive = true };
    private static readonly Option<string?> ClientSecret = new("--client-secret") { Description = $"OAuth2 client secret (else {RetailerConnection.ClientSecretVariable}, else demo.json)", Recursive = true };
    private static readonly Option<string?> Ca = new("--ca") { Description = $"Trust exactly this server certificate, PEM or DER (else {RetailerConnection.CaVariable}, else demo.json's)", Recursive = true };
    private static readonly Option<string?> Certificate = new("--cert") { Description = $"Client certificate with key, PKCS#12 (else {RetailerConnection.ClientCertificateVariable})", Recursive = true };
    private static readonly Option<string?> CertificatePassword = new("--cert-password") { Description = $"Password of --cert (else {RetailerConnection.ClientCertificatePasswordVariable})", Recursive = true };
    private static readonly Option<DirectoryInfo> Data = new("--data") { Description = "The demo's data folder, for demo.json", DefaultValueFactory = _ => new DirectoryInfo("renkei-data"), Recursive = true };
    private static readonly Option<string?> RetailerCode = new("--retailer") { Description = "Which demo.json retailer (code), default the first", Recursive = true };

    public static Command Build()
    {
        var command = new Command("retailer", "Use the retailer API through the gateway (token, data, feed, files, webhooks, bulk applications)")
        {
            Gateway, ClientId, ClientSecret, Ca, Certificate, CertificatePassword, Data, RetailerCode,
        };
        command.Subcommands.Add(TokenCommand());
        command.Subcommands.Add(DayCommand());
        command.Subcommands.Add(SlotCommand());
        command.Subcommands.Add(ExplainCommand());
        command.Subcommands.Add(FeedCommand());
        command.Subcommands.Add(FilesCommand());
        command.Subcommands.Add(WebhooksCommand());
        command.Subcommands.Add(BulkCommand());
        return command;
    }

    private static Command TokenCommand()
    {
        var command = new Command("token", "Get an access token and print it (for curl: -H \"Authorization: Bearer $(renkei retailer token)\")");
        command.SetAction((parse, ct) => RunAsync(parse, async (client, output, _) =>
        {
            var token = await client.GetTokenAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync(token.Value).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command DayCommand()
    {
        var point = new Option<string>("--supply-point") { Description = "Supply point ID (22 digits)", Required = true };
        var date = new Option<string>("--date") { Description = "The day, YYYY-MM-DD (JST)", Required = true };
        var direction = new Option<string?>("--direction") { Description = "import (default) or export" };
        var command = new Command("day", "A supply point's 48 slots of one day, as JSON") { point, date, direction };
        command.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            if (!TryDate(parse.GetValue(date), "--date", error, out var day))
            {
                return 2;
            }

            var result = await client.GetSupplyPointDayAsync(parse.GetValue(point)!, day, parse.GetValue(direction), ct).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json)).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command ExplainCommand()
    {
        var point = new Argument<string>("point") { Description = "Supply point ID (22 digits)" };
        var date = new Argument<string>("date") { Description = "The day, YYYY-MM-DD (JST)" };
        var slot = new Argument<int>("slot") { Description = "Slot 1-48 (1 is 00:00-00:30 JST)" };
        var direction = new Option<string?>("--direction") { Description = "import (default) or export" };
        var json = new Option<bool>("--json") { Description = "Print the JSON body instead of text" };
        var command = new Command("explain", "Why one value is what it is: the reads that bound it, the rule, the multiplier, every version") { point, date, slot, direction, json };
        command.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            if (!TryDate(parse.GetValue(date), "date", error, out var day))
            {
                return 2;
            }

            var result = await client.ExplainValueAsync(parse.GetValue(point)!, day, parse.GetValue(slot), parse.GetValue(direction), ct).ConfigureAwait(false);
            await output.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, Json) + "\n" : ExplanationText.Format(result)).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command SlotCommand()
    {
        var date = new Option<string>("--date") { Description = "The day, YYYY-MM-DD (JST)", Required = true };
        var slot = new Option<int?>("--slot") { Description = "Slot 1-48; without it the whole day" };
        var format = new Option<string>("--format") { Description = "json, csv or xml", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "xml");
        var voltage = new Option<string?>("--voltage") { Description = "low or high" };
        var asOf = new Option<string?>("--as-of") { Description = "The values as published at this instant (ISO 8601)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (with progress on stderr) instead of stdout" };
        var validate = new Option<bool>("--validate") { Description = "With --format xml: check what is received against the market schema; each error on stderr, exit 1" };
        var command = new Command("slot", "One slot (or a day) for all of the retailer's supply points, in JSON, CSV or the market's XML")
        {
            date, slot, format, voltage, asOf, output, validate,
        };
        command.SetAction((parse, ct) => RunAsync(parse, async (client, stdout, error) =>
        {
            if (!TryDate(parse.GetValue(date), "--date", error, out var day))
            {
                return 2;
            }

            DateTimeOffset? at = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    await error.WriteLineAsync("renkei retailer: --as-of must be an ISO 8601 instant with offset").ConfigureAwait(false);
                    return 2;
                }

                at = parsed;
            }

            if (parse.GetValue(slot) is { } n && n is < 1 or > 48)
            {
                await error.WriteLineAsync("renkei retailer: --slot must be 1 to 48").ConfigureAwait(false);
                return 2;
            }

            var kind = parse.GetValue(format) switch
            {
                "csv" => IntervalFormat.Csv,
                "xml" => IntervalFormat.Xml,
                _ => IntervalFormat.Json,
            };
            var check = parse.GetValue(validate);
            if (check && kind != IntervalFormat.Xml)
            {
                await error.WriteLineAsync("renkei retailer: --validate checks the market XML: give --format xml").ConfigureAwait(false);
                return 2;
            }

            var query = new IntervalsQuery(day, parse.GetValue(slot), parse.GetValue(voltage), at);
            if (parse.GetValue(output) is { } file)
            {
                await ToFileAsync(file, error, (stream, progress) => client.DownloadIntervalsAsync(query, kind, stream, progress, ct)).ConfigureAwait(false);
                if (!check)
                {
                    return 0;
                }

                var saved = file.OpenRead();
                await using (saved.ConfigureAwait(false))
                {
                    return await MarketXmlCheck.ReportAsync(saved, file.Name, error).ConfigureAwait(false);
                }
            }

            await using var buffer = new MemoryStream();
            await client.DownloadIntervalsAsync(query, kind, buffer, null, ct).ConfigureAwait(false);

            // The market XML is MS932 (its declaration says Shift_JIS); JSON and CSV are UTF-8.
            var encoding = kind == IntervalFormat.Xml ? MarketEncoding.Ms932 : System.Text.Encoding.UTF8;
            await stdout.WriteAsync(encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
            await stdout.FlushAsync(ct).ConfigureAwait(false);
            buffer.Position = 0;
            return check ? await MarketXmlCheck.ReportAsync(buffer, "the answer", error).ConfigureAwait(false) : 0;
        }, ct));
        return command;
    }

    private static Command FeedCommand()
    {
        var cursor = new Option<long>("--cursor") { Description = "Start after this position (0: from the beginning)", DefaultValueFactory = _ => 0 };
        var limit = new Option<int?>("--limit") { Description = "Items per page" };
        var follow = new Option<bool>("--follow") { Description = "Keep polling for new items until Ctrl+C" };
        var command = new Command("feed", "The retailer's change feed (published slots, revisions), one JSON item per line; the next cursor on stderr")
        {
            cursor, limit, follow,
        };
        command.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            var next = parse.GetValue(cursor);
            var waiting = false;
            void CaughtUp(long at)
            {
                // Once per catch-up, not once per poll: following past the end is waiting, and says so.
                if (!waiting)
                {
                    waiting = true;
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"at the end of the feed (cursor {at}); waiting for new items, Ctrl+C to stop"));
                }
            }

            try
            {
                await foreach (var page in client.ReadFeedAsync(next, parse.GetValue(limit), parse.GetValue(follow), CaughtUp, ct).ConfigureAwait(false))
                {
                    waiting = false;
                    foreach (var item in page.Items)
                    {
                        await output.WriteLineAsync(item.GetRawText()).ConfigureAwait(false);
                    }

                    next = page.Next;
                    await output.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C while following: say where to resume.
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"next cursor: {next}")).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command FilesCommand()
    {
        var date = new Option<string>("--date") { Description = "The day, YYYY-MM-DD (JST)", Required = true };
        var list = new Command("list", "The market files (W4…, W5…) offered for a day: name, size (- until first generated), kind, voltage, created") { date };
        list.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            if (!TryDate(parse.GetValue(date), "--date", error, out var day))
            {
                return 2;
            }

            var files = await client.ListFilesAsync(day, ct).ConfigureAwait(false);
            if (files.Count == 0)
            {
                await error.WriteLineAsync($"no files for {DateText.Format(day)} (none published yet for your supply points)").ConfigureAwait(false);
            }

            foreach (var f in files)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{f.Name}\t{(f.Size is { } size ? size.ToString(CultureInfo.InvariantCulture) : "-")}\t{f.Kind}\t{f.Voltage}\t{f.Created:yyyy-MM-ddTHH:mm:sszzz}")).ConfigureAwait(false);
            }

            return 0;
        }, ct));

        var name = new Argument<string>("name") { Description = "The file's name, as listed" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write it (default: the name, in the current folder)" };
        var get = new Command("get", "Download one file (a ZIP), with progress on stderr") { name, output };
        get.SetAction((parse, ct) => RunAsync(parse, async (client, _, error) =>
        {
            var fileName = parse.GetValue(name)!;
            var target = parse.GetValue(output) ?? new FileInfo(Path.GetFileName(fileName));
            await ToFileAsync(target, error, (stream, progress) => client.DownloadFileAsync(fileName, stream, progress, ct)).ConfigureAwait(false);
            return 0;
        }, ct));
        return new Command("files", "List and download the market files") { list, get };
    }

    private static Command BulkCommand()
    {
        var kind = new Argument<string>("kind") { Description = "The kind of file: " + string.Join(", ", BulkKinds.All.Select(k => k.Name)) };
        kind.AcceptOnlyFromAmong([.. BulkKinds.All.Select(k => k.Name)]);
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (UTF-8), header first (docs/formats.md)" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to save the result file (default: the file's name with .result.csv)" };
        var key = new Option<string?>("--key") { Description = "Idempotency-Key (default: derived from the kind and the file's bytes, so sending the same file again answers the same result)" };
        var command = new Command("bulk", "一括申請: upload a bulk file of applications and save the result file (one row per line: its number, or every reason it was refused)") { kind, file, output, key };
        command.SetAction((parse, ct) => RunAsync(parse, async (client, _, error) =>
        {
            var name = parse.GetValue(kind)!;
            var source = parse.GetValue(file)!;
            var bytes = await File.ReadAllBytesAsync(source.FullName, ct).ConfigureAwait(false);
            if (BulkText.Decode(bytes, out var fault) is not { } text)
            {
                await error.WriteLineAsync($"renkei retailer bulk: {source.Name}: {Echo.Reason(fault?.ToString())}").ConfigureAwait(false);
                return 1;
            }

            var idempotencyKey = parse.GetValue(key)
                ?? "cli-" + name + "-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..40];
            var result = await client.UploadBulkAsync(name, text, idempotencyKey, ct).ConfigureAwait(false);
            var target = parse.GetValue(output) ?? new FileInfo(Path.ChangeExtension(source.FullName, ".result.csv"));
            await File.WriteAllTextAsync(target.FullName, result, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), ct).ConfigureAwait(false);
            var (accepted, refused) = BulkResultFile.Count(result);
            await error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{accepted} rows accepted, {refused} refused; result file {target.FullName}")).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command WebhooksCommand()
    {
        var url = new Option<string>("--url") { Description = "The HTTPS URL to POST notices to", Required = true };
        var add = new Command("add", "Register a webhook; prints its ID and signing secret (shown only now)") { url };
        add.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target))
            {
                await error.WriteLineAsync("renkei retailer: --url must be an absolute URL").ConfigureAwait(false);
                return 2;
            }

            var hook = await client.RegisterWebhookAsync(target, ct).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(hook, Json)).ConfigureAwait(false);
            return 0;
        }, ct));

        var list = new Command("list", "The retailer's webhooks");
        list.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            var hooks = await client.ListWebhooksAsync(ct).ConfigureAwait(false);
            if (hooks.Count == 0)
            {
                await error.WriteLineAsync("none: no webhooks registered (renkei retailer webhooks add --url URL)").ConfigureAwait(false);
            }

            foreach (var hook in hooks)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{hook.Id}\t{hook.Url}\tcreated {hook.CreatedAt:yyyy-MM-ddTHH:mm:ssZ}\tpending {hook.PendingDeliveries}\tfailed {hook.FailedDeliveries}")).ConfigureAwait(false);
            }

            return 0;
        }, ct));

        var id = new Argument<string>("id") { Description = "The webhook's ID (wh_…)" };
        var remove = new Command("remove", "Remove a webhook (its pending notices are dropped)") { id };
        remove.SetAction((parse, ct) => RunAsync(parse, async (client, output, _) =>
        {
            await client.RemoveWebhookAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"removed {Echo.Prefix(parse.GetValue(id))}").ConfigureAwait(false);
            return 0;
        }, ct));

        var deliveriesId = new Argument<string>("id") { Description = "The webhook's ID (wh_…)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many notices (newest first; default 50)" };
        var deliveries = new Command("deliveries", "A webhook's notices with each attempt (time, status code or error) and the next retry") { deliveriesId, limit };
        deliveries.SetAction((parse, ct) => RunAsync(parse, async (client, output, error) =>
        {
            var notices = await client.GetWebhookDeliveriesAsync(parse.GetValue(deliveriesId)!, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (notices.Count == 0)
            {
                await error.WriteLineAsync("none: no notices for this webhook yet (one is sent when a slot is published)").ConfigureAwait(false);
            }

            foreach (var d in notices)
            {
                var next = d.NextAttemptAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"\tnext attempt {at:yyyy-MM-ddTHH:mm:ssZ}") : string.Empty;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{d.NoticeId}\t{d.Kind}\t{d.Date} slot {d.Slot}\t{d.State}{next}")).ConfigureAwait(false);
                foreach (var a in d.Attempts)
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {a.At:yyyy-MM-ddTHH:mm:ssZ}\t{(a.StatusCode is { } s ? s.ToString(CultureInfo.InvariantCulture) : a.Error)}")).ConfigureAwait(false);
                }
            }

            return 0;
        }, ct));
        return new Command("webhooks", "Register, list and remove webhooks; see their deliveries") { add, list, remove, deliveries };
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<RenkeiClient, TextWriter, TextWriter, Task<int>> action, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var given = new RetailerConnection.Given(
            parse.GetValue(Gateway),
            parse.GetValue(ClientId),
            parse.GetValue(ClientSecret),
            parse.GetValue(Ca),
            parse.GetValue(Certificate),
            parse.GetValue(CertificatePassword),
            parse.GetValue(Data)!.FullName,
            parse.GetValue(RetailerCode));
        if (!RetailerConnection.TryResolve(given, Environment.GetEnvironmentVariable, out var connection, out var problem))
        {
            await error.WriteLineAsync($"renkei retailer: {problem}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            using var client = connection!.CreateClient();
            return await action(client, output, error).ConfigureAwait(false);
        }
        catch (RenkeiApiException e)
        {
            await error.WriteLineAsync($"renkei retailer: the gateway refused: {Echo.Reason(e.Message)}").ConfigureAwait(false);
            return 1;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"renkei retailer: {GatewayUnreachable.Describe(e, connection!.Gateway, connection.CaCertificate)}").ConfigureAwait(false);
            return 2;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            await error.WriteLineAsync($"renkei retailer: cannot read a certificate: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"renkei retailer: {Echo.Reason(e.Message)}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>Downloads into <c>FILE.partial</c>, showing progress on stderr, and renames it when complete.</summary>
    private static async Task ToFileAsync(FileInfo target, TextWriter error, Func<Stream, IProgress<long>, Task<long>> download)
    {
        var partial = target.FullName + ".partial";
        var progress = new ProgressLine(error, target.Name);
        long total;
        try
        {
            var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                total = await download(stream, progress).ConfigureAwait(false);
            }
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        File.Move(partial, target.FullName, overwrite: true);
        progress.Done(total);
    }

    private static bool TryDate(string? text, string option, TextWriter error, out DateOnly date)
    {
        if (DateText.TryParse(text, out date))
        {
            return true;
        }

        error.WriteLine($"renkei retailer: {option} must be YYYY-MM-DD");
        return false;
    }

    /// <summary>A progress line on stderr (bytes so far), at most four times a second, then a final line.</summary>
    private sealed class ProgressLine(TextWriter error, string name) : IProgress<long>
    {
        private long lastTicks;

        public void Report(long value)
        {
            var now = Environment.TickCount64;
            if (now - lastTicks < 250 && value != 0)
            {
                return;
            }

            lastTicks = now;
            error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{name}: {value:N0} bytes"));
        }

        public void Done(long total) => error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\r{name}: {total:N0} bytes, done"));
    }
}
