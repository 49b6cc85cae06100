namespace Renkei.Architecture.Tests.Rules;

/// <summary>No source file in <c>src/</c> outside generated migrations is over 800 lines.</summary>
public sealed class SourceFileSizeTests
{
    private const int MaxLines = 800;

    [Fact]
    public void SourceFiles_OutsideMigrations_AreAtMost800Lines()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var tooLong = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(src, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "Migrations" or "bin" or "obj"))
            .Select(f => (File: f, Lines: File.ReadLines(Path.Combine(src, f)).Count()))
            .Where(f => f.Lines > MaxLines)
            .OrderByDescending(f => f.Lines)
            .ToList();

        Assert.True(tooLong.Count == 0, $"{tooLong.Count} files in src/ over {MaxLines} lines: " + string.Join(", ", tooLong.Select(f => $"{f.File} ({f.Lines})")));
    }

    /// <summary>The folder that holds Renkei.slnx, found by walking up from this test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Renkei.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Renkei.slnx above {AppContext.BaseDirectory}");
    }
}
