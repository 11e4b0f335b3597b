export { regionTerritories, type Commune, type Epci, type RegionTerritories } from './territories.js';
