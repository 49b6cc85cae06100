using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "NotificationCursors",
                columns: table => new
                {
                    RetailerCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    AcknowledgedSeq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationCursors", x => x.RetailerCode);
                });

            migrationBuilder.CreateTable(
                name: "RetailerEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RetailerCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SupplyPointId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
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
