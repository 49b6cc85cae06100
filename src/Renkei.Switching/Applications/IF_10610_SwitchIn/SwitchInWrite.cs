using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10610_SwitchIn;

/// <summary>
/// The one write of a new switch-in: its application row and audit entry, in hand-written SQL on the store's own
/// connection. Every new switch-in is stored here (<see cref="SwitchInHandler"/> has no other insert of one).
/// </summary>
/// <remarks>
/// The plain case, a switch-in with nothing else open on its point and no 廃止取次 (the market's common case and
/// <c>renkei bench switching</c>'s), runs whole in two statement batches (<see cref="TryAsync"/>): point lock,
/// facts and the new ID in the first; the rows, the retailer's event and the idempotency record in the second, which on
/// PostgreSQL ends with the COMMIT. EF Core needs nine round trips for the same (docs/performance.md, "Switching").
/// It takes the same locks in the same order as the pipeline (the point's row, then the retailer's row for the
/// event's position), the same check and rules (<see cref="SwitchInHandler.Check"/> over the same
/// <see cref="PointFacts"/>), and writes the same rows. It hands over to the pipeline, after rolling back, whenever the
/// case is not the plain one: a 廃止取次 number, an unknown point, an open application or 廃止取次 on the point
/// (competition, matching), a failed rule (the pipeline reports the errors and answers a repeated idempotency key), or
/// a refused write (a used idempotency key, answered from its record by the pipeline). There the handler stores the
/// switch-in with <see cref="InsertAsync"/>, inside the pipeline's transaction.
/// </remarks>
internal sealed class SwitchInWrite(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, SwitchingDates dates)
{
    /// <summary>
    /// Point lock, the point with its open contract, whether anything is open on it, and the new application's ID
    /// (taken now, so that its number, audit entry, event and recorded answer go out in one batch).
    /// </summary>
    private const string DirectReadSql = """
        UPDATE "SupplyPoints" SET "Version" = "Version" + 1 WHERE "Id" = @point;
        SELECT p."Area", p."Address", p."VoltageClass", p."ContractType", p."ContractAmperes", p."ContractCapacityKw", p."MeterType",
               p."RemoteReading", p."ReadingDay", p."SmartMeterReplacement", p."SmartMeterReplacementDate", p."Version",
               c."Id", c."RetailerCode", c."StartDate", c."ChangeSeq",
               EXISTS (SELECT 1 FROM "Applications" a WHERE a."SupplyPointId" = @point AND a."Status" IN (@received, @inProgress)),
               EXISTS (SELECT 1 FROM "CancellationRelays" r WHERE r."SupplyPointId" = @point AND r."Status" IN (@awaitingDecision, @decidedOk)),
               {0},
               p."ReadingSchedule", (SELECT coalesce(max(d."Seq"), 0) FROM "ReadingScheduleDays" d)
        FROM "SupplyPoints" p LEFT JOIN "WheelingContracts" c ON c."SupplyPointId" = p."Id" AND c."EndDate" IS NULL
        WHERE p."Id" = @point;
        """;

    /// <summary>PostgreSQL: the next value of the identity's sequence.</summary>
    private const string PostgresNextApplicationId = """nextval(pg_get_serial_sequence('"Applications"', 'Id'))""";

    /// <summary>SQLite (AUTOINCREMENT, under the database's write lock, which the point's UPDATE took): the ID an insert would take.</summary>
    private const string SqliteNextApplicationId =
        """max(coalesce((SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Applications'), 0), coalesce((SELECT max("Id") FROM "Applications"), 0)) + 1""";

    private static readonly string PostgresDirectReadSql = "BEGIN;" + DirectReadSql.Replace("{0}", PostgresNextApplicationId, StringComparison.Ordinal);

    private static readonly string SqliteDirectReadSql = DirectReadSql.Replace("{0}", SqliteNextApplicationId, StringComparison.Ordinal);

    /// <summary>The application and its audit entry (SQLite; both databases inside the pipeline's transaction on SQLite).</summary>
    private const string InsertSql = """
        INSERT INTO "Applications" ("Id", "Number", "Kind", "RetailerCode", "SupplyPointId", "Status", "RequestedDate", "SwitchDate", "Deadline",
            "MeterWork", "RelayId", "CounterpartId", "Amperes", "CustomerNumber", "ReasonCode", "ReasonMessage", "DeadlineWarned", "CreatedAt", "UpdatedAt")
        VALUES (@id, @number, @kind, @caller, @point, @status, @requestedDate, @switchDate, @deadline,
            @meterWork, @relayId, NULL, NULL, NULL, NULL, NULL, @false, @now, @now);
        INSERT INTO "AuditEntries" ("At", "Actor", "Subject", "SubjectId", "Action", "FromStatus", "ToStatus", "Detail")
        VALUES (@now, @caller, 'application', @number, @action, NULL, @status, @detail);
        """;

    /// <summary>
    /// The plain case on SQLite: the rows, then the retailer's row lock and its event at the next position (so positions
    /// commit in order, as <see cref="ApplicationLedger.FlushEventsAsync"/> numbers them).
    /// </summary>
    private const string DirectWriteSql = InsertSql + """
        UPDATE "Retailers" SET "Name" = "Name" WHERE "Code" = @caller;
        INSERT INTO "RetailerEvents" ("RetailerCode", "Seq", "Kind", "Subject", "SubjectId", "SupplyPointId", "Status", "Message", "At")
        SELECT @caller, coalesce(max(e."Seq"), 0) + 1, @eventKind, 'application', @number, @point, @status, @message, @now
        FROM "RetailerEvents" e WHERE e."RetailerCode" = @caller;
        """;

    private const string DirectIdempotencySql = """
        INSERT INTO "IdempotencyRecords" ("RetailerCode", "Key", "RequestHash", "StatusCode", "ResponseJson", "CreatedAt")
        VALUES (@caller, @key, @hash, 201, @response, @now);
        """;

    /// <summary>
    /// PostgreSQL: the same rows in three statements instead of five, and the commit. The application and its audit
    /// entry go in one statement (a data-modifying <c>WITH</c>), the event and the idempotency record in another,
    /// each statement's executor start-up, foreign-key triggers and end being a good part of the server's CPU per
    /// application. The retailer's lock stays a statement of its own, before the
    /// event's: under READ COMMITTED a statement reads with the snapshot it started with, so <c>max("Seq")</c> must be
    /// read by a statement that starts after the lock is held, or two events could take the same position.
    /// </summary>
    private const string PostgresInsertSql = """
        WITH application AS (
            INSERT INTO "Applications" ("Id", "Number", "Kind", "RetailerCode", "SupplyPointId", "Status", "RequestedDate", "SwitchDate", "Deadline",
                "MeterWork", "RelayId", "CounterpartId", "Amperes", "CustomerNumber", "ReasonCode", "ReasonMessage", "DeadlineWarned", "CreatedAt", "UpdatedAt")
            VALUES (@id, @number, @kind, @caller, @point, @status, @requestedDate, @switchDate, @deadline,
                @meterWork, @relayId, NULL, NULL, NULL, NULL, NULL, @false, @now, @now))
        INSERT INTO "AuditEntries" ("At", "Actor", "Subject", "SubjectId", "Action", "FromStatus", "ToStatus", "Detail")
        VALUES (@now, @caller, 'application', @number, @action, NULL, @status, @detail);
        """;

    private const string PostgresDirectWriteSql = PostgresInsertSql + """
        UPDATE "Retailers" SET "Name" = "Name" WHERE "Code" = @caller;
        """;

    private const string PostgresDirectEventSql = """
        INSERT INTO "RetailerEvents" ("RetailerCode", "Seq", "Kind", "Subject", "SubjectId", "SupplyPointId", "Status", "Message", "At")
        SELECT @caller, coalesce(max(e."Seq"), 0) + 1, @eventKind, 'application', @number, @point, @status, @message, @now
        FROM "RetailerEvents" e WHERE e."RetailerCode" = @caller;
        COMMIT;
        """;

    private const string PostgresDirectEventAndIdempotencySql = """
        WITH event AS (
            INSERT INTO "RetailerEvents" ("RetailerCode", "Seq", "Kind", "Subject", "SubjectId", "SupplyPointId", "Status", "Message", "At")
            SELECT @caller, coalesce(max(e."Seq"), 0) + 1, @eventKind, 'application', @number, @point, @status, @message, @now
            FROM "RetailerEvents" e WHERE e."RetailerCode" = @caller)
        INSERT INTO "IdempotencyRecords" ("RetailerCode", "Key", "RequestHash", "StatusCode", "ResponseJson", "CreatedAt")
        VALUES (@caller, @key, @hash, 201, @response, @now);
        COMMIT;
        """;

    /// <summary>
    /// Stores a new switch-in inside the pipeline's transaction (the cases <see cref="TryAsync"/> leaves to the
    /// pipeline, and bulk files): its ID, then its row and audit entry in the same SQL as the plain case. Its event
    /// goes with the transaction's others (<see cref="ApplicationLedger"/>, after any matching's locks), and the
    /// application is tracked from here on, so that matching can move it.
    /// </summary>
    public async Task InsertAsync(Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("a switch-in is stored inside the pipeline's transaction");
        var next = connection.CreateCommand();
        await using (next.ConfigureAwait(false))
        {
            next.Transaction = tx;
            next.CommandText = "SELECT " + (sqlite ? SqliteNextApplicationId : PostgresNextApplicationId);
            application.Id = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        application.Number = Numbers.Application(application.Id);
        var detail = ApplicationLedger.SubmittedDetail(application);
        var insert = connection.CreateCommand();
        await using (insert.ConfigureAwait(false))
        {
            insert.Transaction = tx;
            insert.CommandText = sqlite ? InsertSql : PostgresInsertSql;
            RowParameters(insert, application, detail, application.UpdatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        db.Applications.Attach(application);
        ledger.NotifyApplication(application, ApplicationLedger.SubmittedAction, detail);
    }

    /// <summary>
    /// Runs a plain switch-in whole and answers it, or returns null (having changed nothing) when the case is one for
    /// the pipeline.
    /// </summary>
    public async Task<Submission<ApplicationView>?> TryAsync(
        string caller, SwitchInRequest request, string? idempotencyKey, string requestHash, SwitchInHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        if (request.RelayNumber is not null || !SupplyPointId.TryParse(request.SupplyPointId, out var pointId, out _) || !points.Serves(pointId))
        {
            return null;
        }

        db.ChangeTracker.Clear();
        var sqlite = db.Database.IsSqlite();
        Submission<ApplicationView>? outcome;
        using (var turn = await pipeline.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                outcome = await WriteAsync(db.Database.GetDbConnection(), sqlite, caller, request, pointId, idempotencyKey, requestHash, handler, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }

        if (outcome is not null)
        {
            await pipeline.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private async Task<Submission<ApplicationView>?> WriteAsync(
        DbConnection connection, bool sqlite, string caller, SwitchInRequest request, SupplyPointId pointId, string? idempotencyKey, string requestHash, SwitchInHandler handler, CancellationToken cancellationToken)
    {
        var today = points.Today;
        var point = pointId.Value;

        // SQLite: an ADO.NET transaction (BEGIN IMMEDIATE ... COMMIT, as Microsoft.Data.Sqlite sends them).
        // PostgreSQL: BEGIN and COMMIT as SQL, sent with the read batch and the write batch, so the commit costs no
        // round trip of its own (NpgsqlTransaction.Commit would send it alone). Npgsql follows the transaction state
        // from the server's ReadyForQuery, and rolls back a connection returned to the pool inside a transaction.
        var tx = sqlite ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            PointFacts facts;
            long id;
            var read = connection.CreateCommand();
            await using (read.ConfigureAwait(false))
            {
                read.Transaction = tx;
                read.CommandText = sqlite ? SqliteDirectReadSql : PostgresDirectReadSql;
                Parameter(read, "point", point);
                Parameter(read, "received", ApplicationStatus.Received);
                Parameter(read, "inProgress", ApplicationStatus.InProgress);
                Parameter(read, "awaitingDecision", RelayStatus.AwaitingDecision);
                Parameter(read, "decidedOk", RelayStatus.DecidedOk);
                var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // The point must exist, have a current contract, and nothing open, and the copy of the reading
                    // schedules must be current if the point has one: anything else is the pipeline's case.
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                        || reader.IsDBNull(12) || reader.GetBoolean(16) || reader.GetBoolean(17)
                        || (!reader.IsDBNull(19) && !dates.Schedules.IsCurrent(reader.GetInt64(20))))
                    {
                        await reader.DisposeAsync().ConfigureAwait(false);
                        await RollbackDirectAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                        return null;
                    }

                    facts = new PointFacts
                    {
                        Point = new SupplyPoint
                        {
                            Id = point,
                            Area = reader.GetInt32(0),
                            Address = reader.GetString(1),
                            VoltageClass = reader.GetString(2),
                            ContractType = reader.GetString(3),
                            ContractAmperes = reader.IsDBNull(4) ? null : reader.GetInt32(4),
                            ContractCapacityKw = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                            MeterType = reader.GetString(6),
                            RemoteReading = reader.GetBoolean(7),
                            ReadingDay = reader.GetInt32(8),
                            SmartMeterReplacement = reader.GetString(9),
                            SmartMeterReplacementDate = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10),
                            ReadingSchedule = reader.IsDBNull(19) ? null : reader.GetString(19),
                            Version = reader.GetInt64(11),
                        },
                        OpenContract = new WheelingContract
                        {
                            Id = reader.GetInt64(12),
                            SupplyPointId = point,
                            RetailerCode = reader.GetString(13),
                            StartDate = reader.GetFieldValue<DateOnly>(14),
                            ChangeSeq = reader.GetInt64(15),
                        },
                    };
                    id = reader.GetInt64(18);
                }
            }

            var check = handler.Check(caller, request, new PointState(pointId, null, true, facts, today), null);
            if (PointFactsReader.Evaluate(SwitchInRules.All, check).Count > 0)
            {
                await RollbackDirectAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                return null;
            }

            var now = clock.GetUtcNow();
            var application = new Application
            {
                Id = id,
                Number = Numbers.Application(id),
                Kind = ApplicationKinds.SwitchIn,
                RetailerCode = caller,
                SupplyPointId = point,
                CreatedAt = now,
            };
            handler.Fill(application, check, now);
            var outcome = new Submission<ApplicationView>(ApplicationView.Of(application), [], check.Earliest, check.SwitchDate);
            var detail = ApplicationLedger.SubmittedDetail(application);

            var write = connection.CreateCommand();
            await using (write.ConfigureAwait(false))
            {
                write.Transaction = tx;
                write.CommandText = (idempotencyKey is null, sqlite) switch
                {
                    (true, true) => DirectWriteSql,
                    (false, true) => DirectWriteSql + DirectIdempotencySql,
                    (true, false) => PostgresDirectWriteSql + PostgresDirectEventSql,
                    (false, false) => PostgresDirectWriteSql + PostgresDirectEventAndIdempotencySql,
                };
                RowParameters(write, application, detail, now);
                Parameter(write, "eventKind", RetailerEventKinds.ApplicationStatusChanged);
                Parameter(write, "message", ApplicationLedger.Bounded(ApplicationLedger.EventMessage(ApplicationLedger.SubmittedAction, application.Status, detail)));
                if (idempotencyKey is not null)
                {
                    Parameter(write, "key", idempotencyKey);
                    Parameter(write, "hash", requestHash);
                    Parameter(write, "response", JsonSerializer.Serialize(outcome, ApplicationPipeline.Json));
                }

                try
                {
                    // PostgreSQL: the batch ends with COMMIT; a failed statement makes the server skip the rest of
                    // the batch, COMMIT included, and leaves the transaction aborted (rolled back below).
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    if (tx is not null)
                    {
                        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (DbException)
                {
                    // Most likely the idempotency key was used before (its primary key): the pipeline answers from its record.
                    await RollbackDirectAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                    return null;
                }
            }

            return outcome;
        }
        finally
        {
            if (tx is not null)
            {
                await tx.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Rolls the plain case's transaction back: the ADO.NET one (SQLite), or the SQL one (PostgreSQL), if still open.</summary>
    private static async Task RollbackDirectAsync(DbConnection connection, DbTransaction? tx, CancellationToken cancellationToken)
    {
        if (tx is not null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // After a failed batch the server may already have ended the transaction (a failed COMMIT); ROLLBACK outside
        // a transaction is only a warning.
        var rollback = connection.CreateCommand();
        await using (rollback.ConfigureAwait(false))
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The parameters of <see cref="InsertSql"/> and <see cref="PostgresInsertSql"/>.</summary>
    private static void RowParameters(DbCommand command, Application application, string detail, DateTimeOffset now)
    {
        Parameter(command, "id", application.Id);
        Parameter(command, "number", application.Number);
        Parameter(command, "kind", application.Kind);
        Parameter(command, "caller", application.RetailerCode);
        Parameter(command, "point", application.SupplyPointId);
        Parameter(command, "status", application.Status);
        Parameter(command, "requestedDate", application.RequestedDate);
        Parameter(command, "switchDate", application.SwitchDate);
        Parameter(command, "deadline", application.Deadline);
        Parameter(command, "meterWork", application.MeterWork);
        Parameter(command, "relayId", application.RelayId);
        Parameter(command, "false", false);
        Parameter(command, "now", now);
        Parameter(command, "action", ApplicationLedger.SubmittedAction);
        Parameter(command, "detail", detail);
    }

    private static void Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
