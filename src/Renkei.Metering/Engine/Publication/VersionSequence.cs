namespace Renkei.Metering.Engine.Publication;

/// <summary>
/// The one version sequence shared by publications and revisions, so a reader follows both with one cursor.
/// With a journal, versions are reserved durably in blocks of <see cref="Block"/> before they are handed out,
/// and a restart goes on above the last reservation: versions strictly increase across restarts, at the cost of
/// one disk write per block (not one per revision).
/// </summary>
internal sealed class VersionSequence
{
    public const long Block = 4096;

    private readonly PublicationJournal? journal;
    private readonly Lock gate = new();
    private long current;
    private long reserved;

    public VersionSequence()
    {
    }

    /// <summary>Goes on above what <paramref name="journal"/> has reserved or published.</summary>
    public VersionSequence(PublicationJournal journal)
    {
        this.journal = journal;
        current = journal.Reserved;
        reserved = journal.Reserved;
    }

    /// <summary>The latest version handed out (after a restart: the last one reserved before it).</summary>
    public long Current => Interlocked.Read(ref current);

    public long Next()
    {
        lock (gate)
        {
            if (journal is not null && current >= reserved)
            {
                journal.Reserve(current + Block);
                reserved = current + Block;
            }

            return Interlocked.Increment(ref current);
        }
    }
}
