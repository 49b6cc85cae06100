using System.Globalization;
using System.Text;

namespace Renkei.Metering.Registry;

/// <summary>
/// Keeps the registry changes accepted through the API across restarts: each accepted registry file is written,
/// flushed to disk and renamed into <c>registry-changes/NNNNNNNN.csv</c> before it is applied and acknowledged,
/// and a restart applies them again, in order, on top of the registry file the node was started with. Without it
/// a meter added through the API would be unknown after a restart and its logged reads could not be replayed.
/// Changes already in the registry file are applied as unchanged lines (a change is idempotent).
/// </summary>
internal sealed class RegistryJournal
{
    private readonly string directory;
    private readonly Lock gate = new();
    private int next;

    public RegistryJournal(string dataDirectory)
    {
        directory = Path.Combine(dataDirectory, "registry-changes");
        Directory.CreateDirectory(directory);
        next = Files().Select(f => int.Parse(Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1;

        // A change whose rename never happened was never acknowledged.
        foreach (var partial in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(partial);
        }
    }

    /// <summary>Changes kept so far.</summary>
    public int Count => next - 1;

    /// <summary>Applies every kept change to <paramref name="registry"/>, oldest first; returns how many files were applied.</summary>
    /// <exception cref="RegistryFileException">A kept change no longer fits the registry (the registry file was changed against it); the message names the file.</exception>
    public int ReplayInto(MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var files = Files().Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            List<MeterInstallation> lines;
            using (var stream = File.OpenRead(file))
            {
                lines = RegistryCsvParser.Parse(stream);
            }

            try
            {
                RegistryChanges.Apply(registry, lines);
            }
            catch (RegistryFileException e)
            {
                throw new RegistryFileException([.. e.Errors.Select(error => $"{Path.GetFileName(file)} (a registry change accepted earlier): {error}")]);
            }
        }

        return files.Count;
    }

    /// <summary>
    /// Applies <paramref name="text"/> (a registry file) to <paramref name="registry"/> all or nothing, and keeps
    /// it durably between validation and application: a change that is acknowledged survives a crash.
    /// </summary>
    public RegistryChangeResult Apply(MeterRegistry registry, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Apply(registry, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// Applies a registry file's bytes (a request body) as <see cref="Apply(MeterRegistry, string)"/> does; a line
    /// that is not valid UTF-8 rejects the file, naming the line.
    /// </summary>
    public RegistryChangeResult Apply(MeterRegistry registry, ReadOnlyMemory<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(registry);
        List<MeterInstallation> lines;
        using (var stream = new MemoryStream(utf8.ToArray(), writable: false))
        {
            lines = RegistryCsvParser.Parse(stream);
        }

        lock (gate)
        {
            return RegistryChanges.Apply(registry, lines, beforeApplying: () => Keep(utf8.Span));
        }
    }

    private void Keep(ReadOnlySpan<byte> utf8)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{next:D8}.csv"));
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(utf8);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
        next++;
    }

    private IEnumerable<string> Files() => Directory.EnumerateFiles(directory, "*.csv");
}
