using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TsoHandOff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TsoOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Area = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    SupplyPointId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TsoOrders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TsoReceipts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TsoReceipts", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TsoOrders_AnsweredAt_Id",
                table: "TsoOrders",
                columns: new[] { "AnsweredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TsoOrders_Key",
                table: "TsoOrders",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TsoOrders");

            migrationBuilder.DropTable(
                name: "TsoReceipts");
        }
    }
}
