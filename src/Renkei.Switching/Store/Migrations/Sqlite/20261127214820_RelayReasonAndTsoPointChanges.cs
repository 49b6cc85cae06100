using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonMessage",
                table: "CancellationRelays",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PointChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SupplyPointId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TsoFeedCursors",
                columns: table => new
                {
                    Area = table.Column<int>(type: "INTEGER", nullable: false),
                    LastChangeId = table.Column<long>(type: "INTEGER", nullable: false)
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
