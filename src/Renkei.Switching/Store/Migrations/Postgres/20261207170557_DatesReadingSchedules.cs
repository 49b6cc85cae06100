using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DatesReadingSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReadingSchedule",
                table: "SupplyPoints",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MeterReplacementDate",
                table: "Applications",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MeterReplacementPlannedDate",
                table: "Applications",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReadingScheduleDays",
                columns: table => new
                {
                    Area = table.Column<int>(type: "integer", nullable: false),
                    ScheduleCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    YearMonth = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    ReadingDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadingScheduleDays", x => new { x.Area, x.ScheduleCode, x.YearMonth });
                    table.ForeignKey(
                        name: "FK_ReadingScheduleDays_Areas_Area",
                        column: x => x.Area,
                        principalTable: "Areas",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReadingScheduleDays_Area_ScheduleCode_ReadingDate",
                table: "ReadingScheduleDays",
                columns: new[] { "Area", "ScheduleCode", "ReadingDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ReadingScheduleDays_Seq",
                table: "ReadingScheduleDays",
                column: "Seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReadingScheduleDays");

            migrationBuilder.DropColumn(
                name: "ReadingSchedule",
                table: "SupplyPoints");

            migrationBuilder.DropColumn(
                name: "MeterReplacementDate",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "MeterReplacementPlannedDate",
                table: "Applications");
        }
    }
}
