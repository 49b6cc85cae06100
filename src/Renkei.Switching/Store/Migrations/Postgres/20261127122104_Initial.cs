using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Renkei.Switching.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Areas",
                columns: table => new
                {
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TsoCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Areas", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ResponseJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => new { x.RetailerCode, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "Retailers",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Retailers", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "StoreLocks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoreLocks", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SupplyPoints",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    Area = table.Column<int>(type: "integer", nullable: false),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    VoltageClass = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: "low"),
                    ContractType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, defaultValue: ""),
                    ContractAmperes = table.Column<int>(type: "integer", nullable: true),
                    ContractCapacityKw = table.Column<int>(type: "integer", nullable: true),
                    MeterType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "smart"),
                    RemoteReading = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    ReadingDay = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    SmartMeterReplacement = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "done"),
                    SmartMeterReplacementDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupplyPoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupplyPoints_Areas_Area",
                        column: x => x.Area,
                        principalTable: "Areas",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CancellationRelays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    NgReasons = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    NewRetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    CurrentRetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    ContractNumber = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    HolderName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    HolderNameKana = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    WishedDate = table.Column<DateOnly>(type: "date", nullable: false),
                    NewRetailerContact = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    NewRetailerPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CancellationRelays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CancellationRelays_SupplyPoints_SupplyPointId",
                        column: x => x.SupplyPointId,
                        principalTable: "SupplyPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContractHolders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    CustomerNumber = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    NameKana = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractHolders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractHolders_Retailers_RetailerCode",
                        column: x => x.RetailerCode,
                        principalTable: "Retailers",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContractHolders_SupplyPoints_SupplyPointId",
                        column: x => x.SupplyPointId,
                        principalTable: "SupplyPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WheelingContracts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ChangeSeq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WheelingContracts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WheelingContracts_Retailers_RetailerCode",
                        column: x => x.RetailerCode,
                        principalTable: "Retailers",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WheelingContracts_SupplyPoints_SupplyPointId",
                        column: x => x.SupplyPointId,
                        principalTable: "SupplyPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Applications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RetailerCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    SupplyPointId = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    Status = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    RequestedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    SwitchDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    MeterWork = table.Column<bool>(type: "boolean", nullable: false),
                    RelayId = table.Column<long>(type: "bigint", nullable: true),
                    CounterpartId = table.Column<long>(type: "bigint", nullable: true),
                    CustomerNumber = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    ReasonCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReasonMessage = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Applications_CancellationRelays_RelayId",
                        column: x => x.RelayId,
                        principalTable: "CancellationRelays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Applications_Retailers_RetailerCode",
                        column: x => x.RetailerCode,
                        principalTable: "Retailers",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Applications_SupplyPoints_SupplyPointId",
                        column: x => x.SupplyPointId,
                        principalTable: "SupplyPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "Areas",
                columns: new[] { "Number", "Name", "TsoCode" },
                values: new object[,]
                {
                    { 1, "Hokkaido", "T0001" },
                    { 2, "Tohoku", "T0002" },
                    { 3, "Tokyo", "T0003" },
                    { 4, "Chubu", "T0004" },
                    { 5, "Hokuriku", "T0005" },
                    { 6, "Kansai", "T0006" },
                    { 7, "Chugoku", "T0007" },
                    { 8, "Shikoku", "T0008" },
                    { 9, "Kyushu", "T0009" },
                    { 10, "Okinawa", "T0010" }
                });

            migrationBuilder.InsertData(
                table: "StoreLocks",
                columns: new[] { "Name", "Version" },
                values: new object[] { "change-feed", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_Number",
                table: "Applications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_RelayId",
                table: "Applications",
                column: "RelayId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_RetailerCode_Id",
                table: "Applications",
                columns: new[] { "RetailerCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_Status_Deadline",
                table: "Applications",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SupplyPointId_Status",
                table: "Applications",
                columns: new[] { "SupplyPointId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject_SubjectId",
                table: "AuditEntries",
                columns: new[] { "Subject", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_CancellationRelays_CurrentRetailerCode_Status",
                table: "CancellationRelays",
                columns: new[] { "CurrentRetailerCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CancellationRelays_NewRetailerCode_Id",
                table: "CancellationRelays",
                columns: new[] { "NewRetailerCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CancellationRelays_Number",
                table: "CancellationRelays",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CancellationRelays_SupplyPointId_Status",
                table: "CancellationRelays",
                columns: new[] { "SupplyPointId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ContractHolders_RetailerCode",
                table: "ContractHolders",
                column: "RetailerCode");

            migrationBuilder.CreateIndex(
                name: "IX_ContractHolders_SupplyPointId_RetailerCode",
                table: "ContractHolders",
                columns: new[] { "SupplyPointId", "RetailerCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupplyPoints_Area",
                table: "SupplyPoints",
                column: "Area");

            migrationBuilder.CreateIndex(
                name: "IX_WheelingContracts_ChangeSeq",
                table: "WheelingContracts",
                column: "ChangeSeq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WheelingContracts_RetailerCode",
                table: "WheelingContracts",
                column: "RetailerCode");

            migrationBuilder.CreateIndex(
                name: "IX_WheelingContracts_SupplyPointId_StartDate",
                table: "WheelingContracts",
                columns: new[] { "SupplyPointId", "StartDate" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Applications");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "ContractHolders");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "StoreLocks");

            migrationBuilder.DropTable(
                name: "WheelingContracts");

            migrationBuilder.DropTable(
                name: "CancellationRelays");

            migrationBuilder.DropTable(
                name: "Retailers");

            migrationBuilder.DropTable(
                name: "SupplyPoints");

            migrationBuilder.DropTable(
                name: "Areas");
        }
    }
}
