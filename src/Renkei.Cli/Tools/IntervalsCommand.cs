using System.CommandLine;
using System.Globalization;
using System.Text;
using Renkei.Formats.Reads;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;
using Renkei.Metering.Offline;
using Renkei.Metering.Registry;

namespace Renkei.Cli.Tools;

/// <summary><c>renkei intervals</c>: the offline interval computation for auditors and tests.</summary>
internal static class IntervalsCommand
{
    public static Command Build()
    {
        var meters = new Option<FileInfo>("--meters") { Description = "Registry file (CSV, see docs/formats.md)", Required = true };
        var reads = new Option<FileInfo>("--reads") { Description = "Reads file (CSV, see docs/formats.md)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write supply_point_id,date,slot,direction,kwh,quality", Required = true };
        var command = new Command("intervals", "Compute every slot of every supply point in a registry from a reads file, with the service's engine")
        {
            meters, reads, output,
        };
        command.SetAction(parse => Run(parse.GetValue(meters)!, parse.GetValue(reads)!, parse.GetValue(output)!));
        return command;
    }

    internal static int Run(FileInfo meters, FileInfo reads, FileInfo output)
    {
        foreach (var (file, option) in new[] { (meters, "--meters"), (reads, "--reads") })
        {
            if (!file.Exists)
            {
                Console.Error.WriteLine($"renkei intervals: {option} {file.FullName}: no such file");
                return 2;
            }
        }

        // Write next to the destination and rename at the end: the output is never left half-written, and a run
        // that fails for any reason (a rejected file, memory, a full disk) leaves no partial file behind.
        var temporary = output.FullName + ".partial";
        try
        {
            OfflineResult result;
            using (var registry = File.OpenRead(meters.FullName))
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false), 1 << 16))
            {
                result = OfflineIntervals.Run(
                    registry,
                    () => new StreamReader(reads.FullName, Encoding.UTF8, true, 1 << 16),
                    writer,
                    r => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reads.Name}: line {r.Line}: {Echo.Reason(r.Reason)}")));
            }

            File.Move(temporary, output.FullName, overwrite: true);
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"renkei intervals: {result.ReadsAccepted:N0} reads used, {result.ReadsRejected:N0} rejected, {result.LinesWritten:N0} lines written to {output.FullName}"));
            return 0;
        }
        catch (RegistryFileException e)
        {
            Console.Error.WriteLine($"renkei intervals: {meters.Name} was rejected:");
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine($"  {Echo.Reason(error)}");
            }

            return 1;
        }
        catch (ReadsFileException e)
        {
            Console.Error.WriteLine($"renkei intervals: {reads.Name}: {Echo.Reason(e.Message)}");
            return 1;
        }
        catch (OfflineSpanException e)
        {
            Console.Error.WriteLine($"renkei intervals: {Echo.Reason(e.Message)}");
            return 1;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
