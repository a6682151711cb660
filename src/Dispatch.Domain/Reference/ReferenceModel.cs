using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Reference;

public sealed record Manifest(
    string County, string CountyEn, string Version, string Datum, bool Modeled, string Notice, string Source,
    int TownshipTargetSeconds, double PeakSpeedFactor, double ApproachSpeedKph, double KeyPointRadiusMetres,
    double MaxOffRoadMetres);

public sealed record Place(string Id, string Name, string NameEn, IReadOnlyList<string> Kinds, IReadOnlyList<int> Grids,
    bool KeyPoint, GeoPoint Location);

public sealed record PatrolLine(string Street, string? Section, string Text, string? SourceText);

public sealed record Grid(int Number, string ResponsibleUnit, string ResponsibleUnitEn, string StagingPointId,
    string StagingPointText, IReadOnlyList<string> MustPatrolPointIds, IReadOnlyList<PatrolLine> MustPatrolLines,
    int MinimumCars, int MinimumOfficersPerPoint);

public sealed record RosterUnit(Guid Id, string CallSign, string CallSignEn, string Kind, int? Grid,
    string ResponsibleUnit, string HomePlaceId, int Crew, string RadioChannel);
