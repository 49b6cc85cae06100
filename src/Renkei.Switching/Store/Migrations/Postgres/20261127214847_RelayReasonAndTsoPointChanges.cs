using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RelayReasonAndTsoPointChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "CancellationRelays",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonMessage",
                table: "CancellationRelays",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PointChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    Facts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TsoFeedCursors",
                columns: table => new
                {
                    Area = table.Column<int>(type: "integer", nullable: false),
                    LastChangeId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TsoFeedCursors", x => x.Area);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PointChanges");

            migrationBuilder.DropTable(
                name: "TsoFeedCursors");

            migrationBuilder.DropColumn(
                name: "ReasonCode",
                table: "CancellationRelays");

            migrationBuilder.DropColumn(
                name: "ReasonMessage",
                table: "CancellationRelays");
        }
    }
}
