export default function MyCasePage() {
  return null;
}
