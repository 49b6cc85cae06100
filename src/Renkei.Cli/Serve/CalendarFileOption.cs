using System.CommandLine;
using Renkei.Domain.Calendar;
using Renkei.Formats.Switching;

namespace Renkei.Cli.Serve;

/// <summary><c>--calendar FILE</c>: a deployment's or TSO's own business calendar (docs/formats.md, "Business calendar file").</summary>
internal static class CalendarFileOption
{
    public static Option<FileInfo?> Create() => new("--calendar")
    {
        Description = "The business calendar file (CSV date,name: holidays and closing days, docs/formats.md); default: the shipped Japanese calendar (holidays 2016–2035, 12/29–1/3)",
    };

    /// <summary>Reads <paramref name="file"/> whole: false, with every fault written to stderr, when it cannot be used.</summary>
    public static bool TryLoad(string name, FileInfo? file, out BusinessCalendar? calendar)
    {
        calendar = null;
        if (file is null)
        {
            return true;
        }

        if (!file.Exists)
        {
            Console.Error.WriteLine($"{name}: --calendar {file.FullName}: no such file");
            return false;
        }

        if (file.Length > CalendarFile.MaxBytes)
        {
            Console.Error.WriteLine($"{name}: --calendar {file.FullName}: {file.Length:N0} bytes, at most {CalendarFile.MaxBytes:N0}");
            return false;
        }

        var result = CalendarFile.Parse(File.ReadAllBytes(file.FullName));
        if (result.Calendar is null)
        {
            Console.Error.WriteLine($"{name}: --calendar {file.Name} was rejected ({result.Errors.Count} errors):");
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"  {error}");
            }

            return false;
        }

        calendar = result.Calendar;
        return true;
    }
}
