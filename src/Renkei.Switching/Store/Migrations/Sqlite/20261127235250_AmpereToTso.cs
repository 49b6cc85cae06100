using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renkei.Switching.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AmpereToTso : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AmpereOrder",
                table: "SupplyPoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AmpereOrder",
                table: "SupplyPoints");
        }
    }
}
