using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Notifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DeadlineWarned",
                table: "Applications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "NotificationCursors",
                columns: table => new
                {
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    AcknowledgedSeq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationCursors", x => x.RetailerCode);
                });

            migrationBuilder.CreateTable(
                name: "RetailerEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: true),
                    Status = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetailerEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RetailerEvents_RetailerCode_Seq",
                table: "RetailerEvents",
                columns: new[] { "RetailerCode", "Seq" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationCursors");

            migrationBuilder.DropTable(
                name: "RetailerEvents");

            migrationBuilder.DropColumn(
                name: "DeadlineWarned",
                table: "Applications");
        }
    }
}
