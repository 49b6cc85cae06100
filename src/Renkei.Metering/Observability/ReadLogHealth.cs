namespace Renkei.Metering.Observability;

/// <summary>
/// Whether the read log took the last batch it was given: <see cref="Failing"/> from a failed append until the next
/// one succeeds. The node is not ready meanwhile (the HES's batches are refused, nothing is acknowledged).
/// </summary>
internal sealed class ReadLogHealth
{
    private volatile Exception? fault;

    public bool Failing => fault is not null;

    public Exception? Fault => fault;

    public void Failed(Exception e) => fault = e;

    public void Written() => fault = null;
}
