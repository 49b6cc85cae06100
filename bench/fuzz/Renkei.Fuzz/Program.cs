using Renkei.Fuzz;
using SharpFuzz;

// renkei-fuzz TARGET: reads one input per afl++ execution from standard input (out of process, so a crash or a
// hang of the parser is afl++'s to record). TARGET is one of FuzzTargets.All; see bench/fuzz/README.md.
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync("usage: Renkei.Fuzz TARGET, one of: " + string.Join(", ", FuzzTargets.All.Keys));
    return 2;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
