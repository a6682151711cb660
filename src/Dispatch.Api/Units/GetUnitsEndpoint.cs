using Dispatch.Api.Hosting;
using Dispatch.Domain.Units;
using Marten;
using Wolverine.Http;

namespace Dispatch.Api.Units;

public static class GetUnitsEndpoint
{
    [WolverineGet("/units")]
    public static async Task<IReadOnlyList<UnitBoardRow>> GetAll(IQuerySession session, CancellationToken cancellation)
    {
        var units = await session.Query<UnitState>().ToListAsync(cancellation);
        return units.OrderBy(u => u.CallSign, StringComparer.Ordinal).Select(UnitBoardRow.From).ToList();
    }

    [WolverineGet("/units/{id}")]
    public static async Task<IResult> GetOne(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<UnitState>(id, cancellation) is { } unit
            ? Results.Ok(UnitBoardRow.From(unit))
            : Problems.NotFound($"Unit {id}", http);
}
