export default function ApplyPage() {
  return null;
}
