using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsentPasswords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentAttempts",
                columns: table => new
                {
                    RetailerCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    SupplyPointId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentAttempts", x => new { x.RetailerCode, x.SupplyPointId });
                });

            migrationBuilder.CreateTable(
                name: "ConsentPasswords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SupplyPointId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Salt = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentPasswords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentPasswords_SupplyPoints_SupplyPointId",
                        column: x => x.SupplyPointId,
                        principalTable: "SupplyPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentPasswords_SupplyPointId",
                table: "ConsentPasswords",
                column: "SupplyPointId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentAttempts");

            migrationBuilder.DropTable(
                name: "ConsentPasswords");
        }
    }
}
